/**
 * How the CLI names a person: the person's petname as is, else the display name the other
 * person signed, marked `~` as self-chosen (docs/RPC.md "Names beside ids"), else a short
 * id. Tables put the full id under the name, so the id is never more than `--json` away.
 */

/** The name fields an RPC result carries beside an id. */
export interface Named { name?: string, petname?: string, displayName?: string, impersonates?: string }

/** 12D3KooW…last6: enough to tell people apart in a table. */
export function shortId (author: string): string {
  return author.length > 16 ? `${author.slice(0, 8)}…${author.slice(-6)}` : author
}

/** The name to print, or undefined when the node has none for them. */
export function nameLabel (x: Named): string | undefined {
  if (x.name === undefined) return undefined
  return x.name === x.petname ? x.name : `~${x.name}`
}

/** One table cell: the name over the full id (just the id when there is no name). */
export function personCell (id: string, x: Named): string {
  const label = nameLabel(x)
  const warning = x.impersonates === undefined ? '' : `\n(calls themself "${x.displayName ?? ''}", like your ${shortId(x.impersonates)})`
  return label === undefined ? `${id}${warning}` : `${label}\n${id}${warning}`
}
