/**
 * The names of the history formats, apart from their parsers: the CLI lists them in its
 * help at every start, which must not load the parsers (csv-parse, SHA-256).
 */

/** Services whose exports are listens (aggregated into play counts). */
export const LISTEN_FORMATS = ['listenbrainz', 'lastfm', 'spotify'] as const
export type ListenFormat = typeof LISTEN_FORMATS[number]
export const FORMATS = ['plays', 'records', ...LISTEN_FORMATS] as const
export type ImportFormat = typeof FORMATS[number]
