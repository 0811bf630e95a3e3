/**
 * The flood source, in its own process so its key generation and signing are not charged
 * to the victim: makes N fresh identities, signs one record each (one in ten ahead of a
 * gap), dials the victim (argv[2]), prints "ready", and on a line from stdin publishes
 * every record in full gossip batches as fast as gossipsub takes them, then prints "done".
 * With `rotate` > 0 it sends from a new peer id (a new libp2p host, dialled afresh) every
 * `rotate` messages, as a sender dodging per-peer bounds would.
 *   node --import tsx bench/hardening/flooder.ts <victim multiaddr> <N> [rotate]
 */
import '../../src/polyfill.js'
import { createInterface } from 'node:readline'
import type { Host } from '../../node/host.js'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { multiaddr } from '@multiformats/multiaddr'
import { MAX_RECORD_BYTES } from '../../src/index.js'
import { createHost } from '../../node/host.js'
import { encodeGossipBatch, gossipTopic } from '../../node/index.js'
import { signAs, throwaways } from '../../test/hardening/helpers.js'

const [address, count, rotateArg] = process.argv.slice(2)
const n = Number(count)
const rotate = Number(rotateArg ?? 0)
const topic = gossipTopic('main')
const limits = { maxBatchRecords: 256, maxMessageBytes: 256 * 1024, maxRecordBytes: MAX_RECORD_BYTES }
const sybils = throwaways(n)
const records = sybils.map((s, i) => i % 10 === 9
  ? signAs(s, 5, { kind: 'interact', item: `spam:item:${i % 50}`, weight: 1e9 }, new Uint8Array(32))
  : signAs(s, 1, i % 2 === 0 ? { kind: 'trust', target: sybils[(i + 1) % n].author, weight: 1 } : { kind: 'interact', item: `spam:item:${i % 50}`, weight: 1e9 }))
const victim = multiaddr(address)
const victimId = victim.getComponents().findLast(c => c.name === 'p2p')?.value

/** A new peer id on the topic, connected to the victim and seeing its subscription. */
async function connect (): Promise<Host> {
  const host = await createHost({ privateKey: await generateKeyPair('Ed25519'), listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap: [], topic, maxMessageBytes: limits.maxMessageBytes, heartbeatMs: 200 })
  await host.start()
  host.services.pubsub.subscribe(topic)
  await host.dial(victim)
  while (!host.services.pubsub.getSubscribers(topic).some(p => p.toString() === victimId)) await new Promise(resolve => setTimeout(resolve, 50))
  return host
}

let host = await connect()
process.stdout.write('ready\n')
const lines = createInterface({ input: process.stdin })
for await (const _line of lines) {
  for (let i = 0, sent = 0; i < records.length; i += limits.maxBatchRecords, sent++) {
    if (rotate > 0 && sent > 0 && sent % rotate === 0) {
      await host.stop()
      host = await connect()
    }
    await host.services.pubsub.publish(topic, encodeGossipBatch(records.slice(i, i + limits.maxBatchRecords), limits))
  }
  process.stdout.write('done\n')
}
await host.stop()
