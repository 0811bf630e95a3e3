/**
 * Size limits of the RPC methods, in a module of their own (no imports) so clients can
 * batch to them without loading the daemon's code.
 */

/** Largest `social.interactMany`: one atomic store batch, well under the HTTP body limit. */
export const MAX_BULK_ENTRIES = 1000
/** Records per `records.list` / `records.export` page. */
export const MAX_PAGE = 2000
/** Records per `records.import` call: 150 × ≤ 5,464 base64 characters (a 4 KiB batch record) stays under the 1 MiB body limit. */
export const MAX_IMPORT = 150
