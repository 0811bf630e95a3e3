/**
 * Where tests find the Last.fm HetRec 2011 data set, and how they skip without it: the data
 * is not in the repository (licence and size), so a fresh clone passes its tests with the
 * data-set tests reported as skipped, each saying where to put the files.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { it } from 'vitest'
import { LASTFM_DIR } from '../bench/lastfm-dir.js'

export { LASTFM_DIR }

/** Whether the files the loader reads are there. */
export const hasLastfm = ['user_artists.dat', 'user_friends.dat'].every(f => existsSync(join(LASTFM_DIR, f)))

const WHERE = `needs the Last.fm HetRec 2011 files (user_artists.dat, user_friends.dat) in ${LASTFM_DIR}` +
  ' (download hetrec2011-lastfm-2k from https://grouplens.org/datasets/hetrec-2011/ and unpack it there, or set MERITWALK_LASTFM_DIR)'

/** `it`, skipped when the data set is absent, its title then saying where to put the files. */
export function itWithLastfm (title: string, fn: () => void | Promise<void>, timeout?: number): void {
  if (hasLastfm) it(title, fn, timeout)
  else it.skip(`${title} — skipped: ${WHERE}`, fn)
}

if (!hasLastfm) process.stderr.write(`meritwalk tests: Last.fm tests skipped: ${WHERE}\n`)
