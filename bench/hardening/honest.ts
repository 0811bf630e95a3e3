/**
 * The honest publisher, in its own process: a friend the victim's person trusts keeps
 * publishing one new record every `everyMs` on gossip, stamped with the time of signing,
 * so the victim measures each record's delivery (accepted at − ts) through quiet spells
 * and floods alike. The bench writes the victim's head of the friend's log to stdin (one
 * seq a line) as it moves, and each message carries the records from that head + 1 on (at
 * most RESEND): this host serves no sync, so this stands in for the gap pull a node would
 * answer — a message the victim dropped (a full validation queue) is made good by the next
 * one instead of leaving every later record waiting behind the gap. Prints "ready" once
 * the victim is subscribed and "sent" after each message (the bench tells its messages from
 * the flood's); stops when stdin closes.
 *   node --import tsx bench/hardening/honest.ts <victim multiaddr> <friend seed hex> <head seq> <head hash hex> [everyMs]
 */
import '../../src/polyfill.js'
import { createInterface } from 'node:readline'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { multiaddr } from '@multiformats/multiaddr'
import { identityFromSeed, MAX_RECORD_BYTES, signRecord } from '../../src/index.js'
import { createHost } from '../../node/host.js'
import { encodeGossipBatch, gossipTopic } from '../../node/index.js'

const [address, seedHex, headSeq, headHash, every] = process.argv.slice(2)
const everyMs = Number(every ?? 100)
const RESEND = 8
const friend = identityFromSeed(Uint8Array.from(Buffer.from(seedHex, 'hex')))
const topic = gossipTopic('main')
const limits = { maxBatchRecords: 256, maxMessageBytes: 256 * 1024, maxRecordBytes: MAX_RECORD_BYTES }
const host = await createHost({ privateKey: await generateKeyPair('Ed25519'), listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap: [], topic, maxMessageBytes: limits.maxMessageBytes, heartbeatMs: 200 })
await host.start()
host.services.pubsub.subscribe(topic)
const victim = multiaddr(address)
await host.dial(victim)
const victimId = victim.getComponents().findLast(c => c.name === 'p2p')?.value
while (!host.services.pubsub.getSubscribers(topic).some(p => p.toString() === victimId)) await new Promise(resolve => setTimeout(resolve, 50))
let open = true
const first = Number(headSeq) + 1
let delivered = first - 1
createInterface({ input: process.stdin }).on('line', l => { delivered = Math.max(delivered, Number(l)) }).on('close', () => { open = false })
process.stdout.write('ready\n')
let prev: Uint8Array = Uint8Array.from(Buffer.from(headHash, 'hex'))
const signed: Uint8Array[] = []
while (open) {
  const seq = first + signed.length
  const r = signRecord(friend, { seq, prev, ts: Date.now(), body: { kind: 'interact', item: `honest:item:${seq}`, weight: 1 } })
  prev = r.hash
  signed.push(r.bytes)
  const from = delivered + 1 - first
  const sent = await host.services.pubsub.publish(topic, encodeGossipBatch(signed.slice(from, from + RESEND), limits)).then(() => true, () => false)
  if (sent) process.stdout.write('sent\n')
  await new Promise(resolve => setTimeout(resolve, everyMs))
}
await host.stop()
