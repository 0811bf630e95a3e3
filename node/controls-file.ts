/**
 * The person's local choices, kept in `<data dir>/controls.json` (0600) and never signed
 * or published: "not interested" items, muted items and authors, private interactions
 * and petnames. Each change is written atomically (temp file, fsync, rename) before the
 * call that made it answers, so a crash keeps either the old file or the new one.
 */
import { readFile } from 'node:fs/promises'
import writeFileAtomic from 'write-file-atomic'
import { MeritwalkError } from '../src/errors.js'

/** A private interaction: the weight the ranking uses, when it was set, the title if known. */
export interface PrivateInteraction { weight: number, ts: number, title?: string }

/** What controls.json holds (ts = milliseconds since the epoch of the choice). */
export interface ControlsState {
  v: 1
  notInterested: Record<string, number>
  mutedItems: Record<string, number>
  mutedAuthors: Record<string, number>
  private: Record<string, PrivateInteraction>
  petnames: Record<string, string>
}

/** controls.json exists but cannot be used. */
export class ControlsCorruptError extends MeritwalkError<{ file: string, reason: string }> {
  constructor (file: string, reason: string) {
    super('CONTROLS_CORRUPT', `${file} is not a meritwalk controls file (${reason}); fix or move it away (you lose your mutes, "not interested" list, private plays and petnames)`, { file, reason })
  }
}

export function emptyControls (): ControlsState {
  return { v: 1, notInterested: {}, mutedItems: {}, mutedAuthors: {}, private: {}, petnames: {} }
}

const SECTIONS = ['notInterested', 'mutedItems', 'mutedAuthors', 'private', 'petnames'] as const

/** Read the file; a missing file is an empty state. */
export async function readControls (file: string): Promise<ControlsState> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyControls()
    throw err
  }
  let json: Partial<ControlsState>
  try {
    json = JSON.parse(text)
  } catch {
    throw new ControlsCorruptError(file, 'not JSON')
  }
  if (typeof json !== 'object' || json === null || json.v !== 1) throw new ControlsCorruptError(file, 'unknown version')
  const state = emptyControls()
  for (const s of SECTIONS) {
    const v = json[s]
    if (v === undefined) continue
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ControlsCorruptError(file, `"${s}" is not an object`)
    Object.assign(state[s], v)
  }
  return state
}

/** Replace the file with `state` atomically (0600). */
export async function writeControls (file: string, state: ControlsState): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(state) + '\n', { mode: 0o600, fsync: true })
}
