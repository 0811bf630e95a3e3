/** `meritwalk init`: create the data directory, the identity key, the RPC token and the config file. */
import { writeFile } from 'node:fs/promises'
import { dataPaths, defaultConfig, merge, readConfigFile } from '../../src/config.js'
import type { ConfigInput } from '../../src/config.js'
import { createToken } from '../../node/rpc/token.js'
import { defineCommand } from '../command.js'
import { NETWORK_OPTIONS, networkOverrides } from '../daemon-options.js'
import { printFields, printJson } from '../output.js'

export const register = defineCommand({
  usage: 'init',
  describe: 'create this node\'s identity, RPC token and config file (safe to re-run: keeps the key)',
  options: NETWORK_OPTIONS,
  json: true,
  examples: ['meritwalk init', 'meritwalk init --data-dir ./alice --rpc 127.0.0.1:7727 --listen /ip4/127.0.0.1/tcp/7728'],
  handler: async ({ dataDir, opts, json }) => {
    const overrides = networkOverrides(opts)
    const file = dataPaths(dataDir).config
    const existing = await readConfigFile(file)
    const layer: ConfigInput = { ...existing, ...overrides }
    // Validate before writing anything, so a bad flag leaves no half-made directory.
    merge(defaultConfig(dataDir), layer, 'command line')
    const { loadOrCreateIdentity } = await import('../../src/identity.js')
    const identity = await loadOrCreateIdentity(dataDir)
    await createToken(dataDir)
    if (existing === undefined || Object.keys(overrides).length > 0) {
      await writeFile(file, JSON.stringify(layer, null, 2) + '\n', { mode: 0o600 })
    }
    if (json) {
      printJson({ author: identity.author, dataDir, config: file })
      return
    }
    printFields([['author', identity.author], ['data dir', dataDir], ['config', file]])
    process.stdout.write(`next: meritwalk start${process.env.MERITWALK_DATA_DIR === undefined && opts.dataDir !== undefined ? ` --data-dir ${dataDir}` : ''}\n`)
  }
})
