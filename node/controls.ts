/**
 * The person's own controls over their ranking, all local (node/controls-file.ts): "not
 * interested" (hidden, neighbours weighted down), muted items (hidden), muted authors
 * (their interactions left out, no distrust published), private interactions (ranked
 * like published ones, never signed) and petnames. Every change is on disk before the
 * ranking sees it; a failed write changes nothing. Changes are serialised.
 */
import type { RankingIndex } from './ranking.js'
import { readControls, writeControls, type ControlsState, type PrivateInteraction } from './controls-file.js'
import { MeritwalkError } from '../src/errors.js'

/** Muting oneself would only hide one's own plays from one's own ranking: refused. */
export class SelfMuteError extends MeritwalkError<{ author: string }> {
  constructor (author: string) {
    super('SELF_MUTE', 'cannot mute this node\'s own author id; use `meritwalk play <item> --count 0` to withdraw your own plays', { author })
  }
}

/** A listed choice: what, and since when (ms since the epoch). */
export interface Choice { id: string, since: number }

/** A private interaction to set: weight 0 removes it. */
export interface PrivateEntry { item: string, weight: number, title?: string }

export class PersonalControls {
  private queue: Promise<unknown> = Promise.resolve()

  private constructor (private readonly file: string, private state: ControlsState, private readonly now: () => number) {}

  /** Read the file (missing = nothing chosen yet); ControlsCorruptError if unusable. */
  static async open (file: string, now: () => number = Date.now): Promise<PersonalControls> {
    return new PersonalControls(file, await readControls(file), now)
  }

  private ranking: RankingIndex | undefined

  /** Where changes of mutes and private interactions take effect (set once at start-up). */
  attach (ranking: RankingIndex): void {
    this.ranking = ranking
  }

  /** What the ranking index starts from. */
  mutedAuthors (): string[] { return Object.keys(this.state.mutedAuthors) }
  privateInteractions (): Array<[string, PrivateInteraction]> { return Object.entries(this.state.private) }
  notInterestedItems (): string[] { return Object.keys(this.state.notInterested) }
  mutedItems (): string[] { return Object.keys(this.state.mutedItems) }
  privateOf (item: string): PrivateInteraction | undefined { return this.state.private[item] }
  petname (author: string): string | undefined { return this.state.petnames[author] }
  petnames (): Array<[string, string]> { return Object.entries(this.state.petnames) }

  /** Each list, oldest choice first. */
  list (): { notInterested: Choice[], mutedItems: Choice[], mutedAuthors: Choice[] } {
    const choices = (m: Record<string, number>): Choice[] => Object.entries(m).map(([id, since]) => ({ id, since })).sort((a, b) => a.since - b.since || (a.id < b.id ? -1 : 1))
    return { notInterested: choices(this.state.notInterested), mutedItems: choices(this.state.mutedItems), mutedAuthors: choices(this.state.mutedAuthors) }
  }

  /** Add (on) or remove (off) `id` in one of the lists; true when that changed anything. */
  async setNotInterested (item: string, on: boolean): Promise<boolean> {
    return await this.toggle('notInterested', item, on)
  }

  async setMutedItem (item: string, on: boolean): Promise<boolean> {
    return await this.toggle('mutedItems', item, on)
  }

  async setMutedAuthor (author: string, ego: string, on: boolean): Promise<boolean> {
    if (on && author === ego) throw new SelfMuteError(author)
    const changed = await this.toggle('mutedAuthors', author, on)
    if (changed) on ? this.ranking?.muteAuthor(author) : this.ranking?.unmuteAuthor(author)
    return changed
  }

  /** Set private interactions (weight 0 removes one); applied to the ranking once on disk. */
  async setPrivate (entries: PrivateEntry[]): Promise<void> {
    const ts = this.now()
    await this.change(s => {
      for (const e of entries) {
        if (e.weight === 0) {
          delete s.private[e.item]
          continue
        }
        const title = e.title ?? s.private[e.item]?.title
        s.private[e.item] = title === undefined ? { weight: e.weight, ts } : { weight: e.weight, ts, title }
      }
    })
    for (const e of entries) this.ranking?.setPrivate(e.item, e.weight === 0 ? undefined : { weight: e.weight, ts })
  }

  /** A petname for `author` (undefined removes it). */
  async setPetname (author: string, name: string | undefined): Promise<boolean> {
    if (this.state.petnames[author] === name) return false
    await this.change(s => {
      if (name === undefined) delete s.petnames[author]
      else s.petnames[author] = name
    })
    return true
  }

  private async toggle (list: 'notInterested' | 'mutedItems' | 'mutedAuthors', id: string, on: boolean): Promise<boolean> {
    if ((this.state[list][id] !== undefined) === on) return false
    await this.change(s => {
      if (on) s[list][id] = this.now()
      else delete s[list][id]
    })
    return true
  }

  /** Apply `edit` to a copy, write it, then keep it: a failed write leaves everything as it was. */
  private async change (edit: (s: ControlsState) => void): Promise<void> {
    const run = this.queue.then(async () => {
      const next = structuredClone(this.state)
      edit(next)
      await writeControls(this.file, next)
      this.state = next
    })
    this.queue = run.catch(() => {})
    await run
  }
}
