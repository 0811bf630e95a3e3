/**
 * `names.*`: the person's petnames for other people — local, never published — shown
 * beside author ids wherever results carry one (`name`), the id always kept.
 */
import { defineMethod } from '../method.js'
import type { RpcDaemon } from '../daemon.js'
import { AUTHOR } from './shapes.js'

export const MAX_PETNAME_CHARS = 64

/** `x` with the person's petname for `x.author` beside the id, when there is one. */
export function withName<T extends { author: string }> (daemon: RpcDaemon, x: T): T & { name?: string } {
  const name = daemon.controls.petname(x.author)
  return name === undefined ? x : { ...x, name }
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

export const namesMethods = [setPetname, list] as const
