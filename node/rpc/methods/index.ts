/** Every RPC method, by namespace; the server and the typed client both read this list. */
import { controlsMethods } from './controls.js'
import { namesMethods } from './names.js'
import { nodeMethods } from './node.js'
import { privacyMethods } from './privacy.js'
import { peopleMethods } from './people.js'
import { rankingMethods } from './ranking.js'
import { recordMethods } from './records.js'
import { socialMethods } from './social.js'
import { uiMethods } from './ui.js'

export const methods = [...nodeMethods, ...socialMethods, ...rankingMethods, ...peopleMethods, ...recordMethods, ...controlsMethods, ...privacyMethods, ...namesMethods, ...uiMethods] as const
