/** `ui.*`: the web UI's one-time login (see ../session.ts). */
import { MeritwalkError } from '../../../src/errors.js'
import { defineMethod } from '../method.js'

/** The RPC server runs without the web UI (an embedding that did not enable it). */
export class UiDisabledError extends MeritwalkError {
  readonly exitCode = 1
  constructor () {
    super('UI_DISABLED', 'this daemon serves no web UI (it was started without it)', {})
  }
}

const login = defineMethod({
  name: 'ui.login',
  describe: 'A one-time login URL for the web UI: one use, valid for 5 minutes; opening it starts a browser session on the recommendations page.',
  params: {},
  handler: async (_p, { ui, rpc }) => {
    if (ui === undefined) throw new UiDisabledError()
    return { url: `http://${rpc}/ui/login?code=${ui.issueCode()}` }
  }
})

export const uiMethods = [login] as const
