/**
 * What to call a person (docs/PROTOCOL.md §12): the person's own petname for them first,
 * else the display name they signed, else nothing (callers show the id, which is always
 * beside the name). The record rules accept any name without control characters, because
 * stricter checks depend on Unicode tables that differ between nodes; this module applies
 * them where a name is signed (strict) and where it is shown (lenient, node-local), and
 * keeps a display name from impersonating someone the person gave a petname to.
 */
import unhomoglyph from 'unhomoglyph'
import { MeritwalkError } from '../src/errors.js'
import { MAX_DISPLAY_NAME_BYTES, type AuthorId, type EdgeState } from '../src/index.js'

// Format characters (bidi overrides, zero-width joiners/spaces, soft hyphens …) reorder or
// hide what a terminal shows; line/paragraph separators break tables; private use shows as
// anything a font wants.
const HIDDEN = /[\p{Cf}\p{Co}]/u
const BREAK = /[\p{Zl}\p{Zp}]/u
const CONTROL = /\p{Cc}/u
const ALL_HIDDEN = new RegExp(HIDDEN.source, 'gu')
const ALL_BREAKS = new RegExp(BREAK.source, 'gu')

/** A display name the node will not sign; `reason` says what to change. */
export class DisplayNameError extends MeritwalkError<{ reason: string }> {
  readonly exitCode = 2
  constructor (reason: string) {
    super('BAD_DISPLAY_NAME', `display name ${reason}`, { reason })
  }
}

/** The names fields an RPC result carries beside an author id (docs/RPC.md "Names"). */
export interface NameFields {
  /** What to call them: the petname, else their display name (never one that impersonates). */
  name?: string
  /** The person's own petname for them (local, never published). */
  petname?: string
  /** The display name they signed (normalised for showing). */
  displayName?: string
  /** Set when `displayName` looks like the petname of this other author: then it is not `name`. */
  impersonates?: AuthorId
}

function collapse (s: string): string {
  return s.normalize('NFC').replace(/\s+/gu, ' ').trim()
}

/**
 * The form a name is signed in: NFC, trimmed, each run of whitespace one space. Throws
 * DisplayNameError for an empty name, one over 64 bytes, or one with control, format,
 * separator or private-use characters.
 */
export function normaliseDisplayName (raw: string): string {
  if (CONTROL.test(raw) || BREAK.test(raw)) throw new DisplayNameError('must be one line of text without control characters')
  if (HIDDEN.test(raw)) throw new DisplayNameError('must not contain invisible formatting characters (bidi overrides, zero-width joiners, private use)')
  const name = collapse(raw)
  if (name === '') throw new DisplayNameError('must not be empty (to remove yours, use --clear)')
  const size = Buffer.byteLength(name, 'utf8')
  if (size > MAX_DISPLAY_NAME_BYTES) throw new DisplayNameError(`is ${size} UTF-8 bytes, the limit is ${MAX_DISPLAY_NAME_BYTES}`)
  return name
}

/** A received name as it may be shown: invisible characters removed, one line, trimmed; undefined if nothing is left. */
export function showableName (signed: string): string | undefined {
  const name = collapse(signed.replace(ALL_HIDDEN, '').replace(ALL_BREAKS, ' '))
  return name === '' ? undefined : name
}

/** The confusable skeleton of a name (Unicode TR39 confusables, case folded): equal skeletons look alike. */
export function skeleton (name: string): string {
  return unhomoglyph(name.normalize('NFKC').toLowerCase()).toLowerCase()
}

/**
 * Names for the people of one answer. Build one per request: it indexes the petnames'
 * skeletons once, then each lookup is a map read and one skeleton.
 */
export class NameBook {
  private readonly byPetSkeleton = new Map<string, AuthorId>()

  constructor (private readonly petnames: ReadonlyMap<AuthorId, string>, private readonly edges: Pick<EdgeState, 'displayName'>) {
    for (const [author, pet] of petnames) this.byPetSkeleton.set(skeleton(pet), author)
  }

  /** The name fields for `author` (empty when neither a petname nor a display name exists). */
  of (author: AuthorId): NameFields {
    const out: NameFields = {}
    const petname = this.petnames.get(author)
    const signed = this.edges.displayName(author)
    const displayName = signed === undefined ? undefined : showableName(signed)
    if (petname !== undefined) out.petname = petname
    if (displayName !== undefined) {
      out.displayName = displayName
      const owner = this.byPetSkeleton.get(skeleton(displayName))
      if (owner !== undefined && owner !== author) out.impersonates = owner
    }
    const name = petname ?? (out.impersonates === undefined ? displayName : undefined)
    if (name !== undefined) out.name = name
    return out
  }

  /** `x` with the name fields of `x[key]` beside it. */
  with<T extends object, K extends keyof T & string> (x: T, key: K): T & NameFields {
    return { ...x, ...this.of(x[key] as AuthorId) }
  }
}
