/**
 * `names.*`: what people are called (node/names.ts, docs/RPC.md "Names"). The person's own
 * petnames for others — local, never published — and their own display name, a signed
 * profile record every peer receives. Results that carry an author id carry the name
 * fields beside it (`name`, `petname`, `displayName`, `impersonates`), the id always kept.
 */
import { DisplayNameError, NameBook, normaliseDisplayName } from '../../names.js'
import { defineMethod } from '../method.js'
import type { RpcDaemon } from '../daemon.js'
import { AUTHOR, recordToJson } from './shapes.js'

export const MAX_PETNAME_CHARS = 64

/** The names of the people of one answer (one per request: it indexes the petnames once). */
export function nameBook (daemon: RpcDaemon): NameBook {
  return new NameBook(new Map(daemon.controls.petnames()), daemon.edges)
}

/** `x` with the name fields for `x.author` beside the id. */
export function withName<T extends { author: string }> (daemon: RpcDaemon, x: T): T & ReturnType<NameBook['of']> {
  return nameBook(daemon).with(x, 'author')
}

const setPetname = defineMethod({
  name: 'names.setPetname',
  describe: 'Give a person a petname of your own (local, never published), shown beside their id; without `name` it is removed.',
  params: {
    author: AUTHOR,
    name: { type: 'string', maxLength: MAX_PETNAME_CHARS, optional: true, check: (v: string) => v.trim() === '' || /\p{Cc}/u.test(v) ? 'must be visible text without control characters' : undefined }
  },
  handler: async ({ author, name }, { daemon }) => ({ author, name: name?.trim() ?? null, changed: await daemon.controls.setPetname(author, name?.trim()) })
})

const list = defineMethod({
  name: 'names.list',
  describe: 'Every petname, by author id.',
  params: {},
  handler: async (_p, { daemon }) => daemon.controls.petnames().map(([author, name]) => ({ author, name }))
})

const get = defineMethod({
  name: 'names.get',
  describe: 'What this node calls a person (default: its own person): name, petname, signed display name, impersonation warning.',
  params: { author: { ...AUTHOR, optional: true } },
  handler: async ({ author }, { daemon }) => withName(daemon, { author: author ?? daemon.ego })
})

function checkDisplayName (v: string): string | undefined {
  try {
    normaliseDisplayName(v)
    return undefined
  } catch (err) {
    if (err instanceof DisplayNameError) return err.data.reason
    throw err
  }
}

const setDisplayName = defineMethod({
  name: 'names.setDisplayName',
  describe: 'Publish this node\'s person\'s display name as a signed profile record (NFC, trimmed, ≤ 64 bytes, no invisible characters); without `name` the published name is cleared.',
  params: { name: { type: 'string', maxLength: 256, optional: true, check: checkDisplayName } },
  handler: async ({ name }, { daemon }) => {
    const value = name === undefined ? '' : normaliseDisplayName(name)
    const [record] = await daemon.author.append([{ kind: 'profile', field: 'name', value }])
    return { author: daemon.ego, displayName: value === '' ? null : value, record: recordToJson(record) }
  }
})

export const namesMethods = [setPetname, list, get, setDisplayName] as const
