/** `meritwalk id | status | peers | connect`: the running daemon and its peers. */
import { withClient } from '../client.js'
import { defineCommand } from '../command.js'
import { printFields, printJson, printTable } from '../output.js'
import { personCell } from '../people.js'
import { statusFields } from '../status.js'

export const id = defineCommand({
  usage: 'id',
  describe: 'this node\'s author id, peer id, multiaddrs (with /p2p/) and RPC address',
  json: true,
  examples: ['meritwalk id', 'meritwalk id --json | jq -r .multiaddrs[0]'],
  handler: async ({ dataDir, json }) => {
    const me = await withClient(dataDir, async c => await c.call('node.identity'))
    if (json) return printJson(me)
    printFields([['author', me.author], ...(me.displayName === null ? [] : [['display name', me.displayName] as [string, string]]), ['peer id', me.peerId], ['rpc', me.rpc], ...me.multiaddrs.map((a): [string, string] => ['multiaddr', a])])
  }
})

export const status = defineCommand({
  usage: 'status',
  describe: 'daemon health: peers, reachability (public, private, unknown), relays, records, authors, uptime, counters',
  json: true,
  handler: async ({ dataDir, json }) => {
    const s = await withClient(dataDir, async c => await c.call('node.status'))
    if (json) return printJson(s)
    printFields(statusFields(s))
  }
})

export const peers = defineCommand({
  usage: 'peers',
  describe: 'connected peers',
  json: true,
  handler: async ({ dataDir, json }) => {
    const list = await withClient(dataDir, async c => await c.call('node.peers'))
    if (json) return printJson(list)
    if (list.length === 0) {
      process.stdout.write('no peers connected (ask a friend for `meritwalk invite`, then `meritwalk accept <invite>`)\n')
      return
    }
    printTable(['peer', 'via', 'direction', 'addresses'], list.map(p => [personCell(p.peerId, p), p.via, p.direction ?? '', p.addrs.join('\n')]))
  }
})

export const connect = defineCommand({
  usage: 'connect <multiaddr>',
  describe: 'dial a peer (its multiaddr with /p2p/<peer id>, from its `meritwalk id`)',
  json: true,
  examples: ['meritwalk connect /ip4/127.0.0.1/tcp/7718/p2p/12D3KooW…'],
  handler: async ({ dataDir, args, json }) => {
    const res = await withClient(dataDir, async c => await c.call('node.connect', { multiaddr: args[0] }))
    if (json) return printJson(res)
    process.stdout.write(`connected; ${res.peers} peer(s) now\n`)
  }
})
