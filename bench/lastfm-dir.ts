/**
 * Where benches and tests read the Last.fm HetRec 2011 data set: $MERITWALK_LASTFM_DIR, else
 * `shared/data/lastfm-hetrec2011` beside the checkout. The data is not in the repository
 * (licence and size): download hetrec2011-lastfm-2k from
 * https://grouplens.org/datasets/hetrec-2011/ and unpack it there, or set the variable.
 */
import { join, resolve } from 'node:path'

export const LASTFM_DIR = resolve(process.env.MERITWALK_LASTFM_DIR ?? join(import.meta.dirname, '../../shared/data/lastfm-hetrec2011'))
