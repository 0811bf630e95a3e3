/**
 * Parameter validation declared as data (ethereumjs-client style): each method states its
 * params as a schema; one validator checks them before the handler runs, so a bad call
 * never reaches the daemon and -32602 always names the offending parameter.
 */
import { InvalidParamsError } from './errors.js'

interface Common { optional?: boolean, describe?: string }
export type StringSpec = Common & { type: 'string', maxLength?: number, oneOf?: readonly string[], check?: (v: string) => string | undefined }
export type NumberSpec = Common & { type: 'number', integer?: boolean, min?: number, max?: number }
export type BooleanSpec = Common & { type: 'boolean' }
export type ArraySpec = Common & { type: 'array', items: ParamSpec, maxItems: number, minItems?: number }
export type ObjectSpec = Common & { type: 'object', fields: ParamsSchema }
export type ParamSpec = StringSpec | NumberSpec | BooleanSpec | ArraySpec | ObjectSpec
export type ParamsSchema = Readonly<Record<string, ParamSpec>>

type Base<S> =
  S extends { type: 'string', oneOf: readonly (infer U)[] } ? U
    : S extends { type: 'string' } ? string
      : S extends { type: 'number' } ? number
        : S extends { type: 'boolean' } ? boolean
          : S extends { type: 'array', items: infer I } ? Array<Base<I>>
            : S extends { type: 'object', fields: infer F extends ParamsSchema } ? Infer<F>
              : never

/** The TypeScript type of params that passed `schema`. */
export type Infer<S extends ParamsSchema> =
  { -readonly [K in keyof S as S[K] extends { optional: true } ? never : K]: Base<S[K]> } &
  { -readonly [K in keyof S as S[K] extends { optional: true } ? K : never]?: Base<S[K]> }

/**
 * Check `params` (by-name object, or positional array in schema order; absent = {})
 * against `schema`; returns the by-name object or throws InvalidParamsError.
 */
export function validateParams<S extends ParamsSchema> (schema: S, params: unknown): Infer<S> {
  // Measured without recursion first: the checks below (and echoing a bad value) recurse.
  if (depthOver(params, MAX_PARAMS_DEPTH)) throw new InvalidParamsError('params', `nest deeper than ${MAX_PARAMS_DEPTH} levels (no method takes more than a few)`)
  const names = Object.keys(schema)
  let byName: Record<string, unknown>
  if (params === undefined || params === null) byName = {}
  else if (Array.isArray(params)) {
    if (params.length > names.length) throw new InvalidParamsError(`[${names.length}]`, `takes at most ${names.length} positional params (${names.join(', ')})`)
    byName = Object.fromEntries(params.map((v, i) => [names[i], v]))
  } else if (typeof params === 'object') byName = params as Record<string, unknown>
  else throw new InvalidParamsError('params', 'must be an object or an array', params)
  return checkObject(schema, byName, '') as Infer<S>
}

/** How deep params may nest (arrays and objects); every method's params are a few levels. */
export const MAX_PARAMS_DEPTH = 16

/** True when `value` nests arrays/objects more than `max` levels deep (iterative: no stack to overflow). */
function depthOver (value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]]
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number]
    if (v === null || typeof v !== 'object') continue
    if (depth >= max) return true
    for (const child of Object.values(v)) stack.push([child, depth + 1])
  }
  return false
}

function checkObject (schema: ParamsSchema, obj: Record<string, unknown>, path: string): Record<string, unknown> {
  for (const key of Object.keys(obj)) {
    if (!Object.hasOwn(schema, key)) {
      throw new InvalidParamsError(path + key, `is not a parameter (expected ${Object.keys(schema).join(', ') || 'none'})`)
    }
  }
  const out: Record<string, unknown> = {}
  for (const [key, spec] of Object.entries(schema)) {
    const v = obj[key]
    if (v === undefined || v === null) {
      if (spec.optional !== true) throw new InvalidParamsError(path + key, `is required (${describe(spec)})`)
      continue
    }
    out[key] = checkValue(spec, v, path + key)
  }
  return out
}

function checkValue (spec: ParamSpec, v: unknown, name: string): unknown {
  const bad = (): never => { throw new InvalidParamsError(name, `must be ${describe(spec)}`, v) }
  switch (spec.type) {
    case 'string': {
      if (typeof v !== 'string' || v === '') bad()
      const s = v as string
      if (spec.maxLength !== undefined && s.length > spec.maxLength) bad()
      if (spec.oneOf !== undefined && !spec.oneOf.includes(s)) bad()
      const problem = spec.check?.(s)
      if (problem !== undefined) throw new InvalidParamsError(name, problem, v)
      return s
    }
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) bad()
      const n = v as number
      if ((spec.integer === true && !Number.isInteger(n)) || (spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) bad()
      return n
    }
    case 'boolean':
      if (typeof v !== 'boolean') bad()
      return v
    case 'array': {
      if (!Array.isArray(v) || v.length > spec.maxItems || v.length < (spec.minItems ?? 0)) bad()
      return (v as unknown[]).map((x, i) => checkValue(spec.items, x, `${name}[${i}]`))
    }
    case 'object':
      if (typeof v !== 'object' || Array.isArray(v)) bad()
      return checkObject(spec.fields, v as Record<string, unknown>, name + '.')
  }
}

/** Human description of what a spec accepts (also used by docs and error messages). */
export function describe (spec: ParamSpec): string {
  if (spec.describe !== undefined) return spec.describe
  switch (spec.type) {
    case 'string':
      if (spec.oneOf !== undefined) return `one of ${spec.oneOf.map(s => `'${s}'`).join(', ')}`
      return spec.maxLength !== undefined ? `a non-empty string of at most ${spec.maxLength} characters` : 'a non-empty string'
    case 'number': {
      const kind = spec.integer === true ? 'an integer' : 'a number'
      if (spec.min !== undefined && spec.max !== undefined) return `${kind} in [${spec.min}, ${spec.max}]`
      if (spec.min !== undefined) return `${kind} >= ${spec.min}`
      if (spec.max !== undefined) return `${kind} <= ${spec.max}`
      return kind
    }
    case 'boolean': return 'true or false'
    case 'array': return `an array of ${spec.minItems ?? 0}–${spec.maxItems} items, each ${describe(spec.items)}`
    case 'object': return `an object with ${Object.keys(spec.fields).join(', ')}`
  }
}
