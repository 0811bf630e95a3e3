/** Parsing of CLI arguments into typed values, failing with exit code 2 and a hint. */
import { MeritwalkError } from '../src/errors.js'

/** Bad command-line input: exit code 2. */
export class UsageError extends MeritwalkError<{ option: string, value?: unknown }> {
  readonly exitCode = 2
  constructor (option: string, problem: string, value?: unknown) {
    super('USAGE', `${option} ${problem}`, { option, value })
  }
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i

/** A finite number (optionally an integer within bounds; a tunable's row of src/ranking-params.ts fits) or UsageError naming the option. */
export function parseNumber (option: string, text: unknown, bounds: { min?: number, max?: number, integer?: boolean } = {}): number {
  // Decimal only: Number() would also take 0x10, 0b1, 0o7 and '' (0).
  const n = typeof text === 'string' && DECIMAL.test(text.trim()) ? Number(text) : NaN
  const { min = -Infinity, max = Infinity, integer = false } = bounds
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    const range = `${Number.isFinite(min) ? min : '-∞'}–${Number.isFinite(max) ? max : '∞'}`
    throw new UsageError(option, `must be ${integer ? 'an integer' : 'a number'} in ${range}`, text)
  }
  return n
}

/** Optional variant: undefined stays undefined. */
export function parseOptionalNumber (option: string, text: unknown, bounds?: { min?: number, max?: number, integer?: boolean }): number | undefined {
  return text === undefined ? undefined : parseNumber(option, text, bounds)
}
