/** Every RPC method, by namespace; the server and the typed client both read this list. */
import { nodeMethods } from './node.js'
import { rankingMethods } from './ranking.js'
import { recordMethods } from './records.js'
import { socialMethods } from './social.js'

export const methods = [...nodeMethods, ...socialMethods, ...rankingMethods, ...recordMethods] as const
