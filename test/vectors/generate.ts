/**
 * Regenerates test/vectors/records.json and test/vectors/ed25519.json (run by hand:
 * `npx tsx test/vectors/generate.ts`). Everything is deterministic: fixed seeds, fixed
 * timestamps, nonces derived from labels. The test suite re-derives every field, so a
 * change of the wire format shows up as a failing vector, not as a silently new file.
 */
import '../../src/polyfill.js'
import { writeFileSync } from 'node:fs'
import * as ed from '@noble/ed25519'
import { sha512 } from '@noble/hashes/sha2.js'
import { identityFromSeed } from '../../src/identity.js'
import { signRecord, signedMessage, recordHashHex, type Body } from '../../src/record.js'
import { encodeUnsigned, type WireRecord } from '../../src/record-codec.js'
import { verifyNobleStrict, verifySignature, verifySignatureReference } from '../../src/signature.js'
import { AuthorState } from '../../src/state.js'
import { verify as nodeVerify, createPublicKey } from 'node:crypto'
import { createRequire } from 'node:module'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const seedOf = (label: string): Uint8Array => sha512(Buffer.from(label)).subarray(0, 32)
const TS = 1_700_000_000_000

// ---- valid records -------------------------------------------------------------------
const alice = identityFromSeed(seedOf('meritwalk vector alice'))
const bob = identityFromSeed(seedOf('meritwalk vector bob'))
const plan: Array<{ who: typeof alice, body: Body, note: string }> = [
  { who: alice, body: { kind: 'trust', target: bob.author, weight: 1 }, note: 'first record (prev null), integer weight' },
  { who: alice, body: { kind: 'interact', item: 'lastfm:artist:289', weight: 42 }, note: 'play count' },
  { who: alice, body: { kind: 'trust', target: bob.author, weight: -0.5 }, note: 'distrust, weight as float16' },
  { who: alice, body: { kind: 'interact', item: 'lastfm:artist:72', weight: 0.1 }, note: 'rating, weight as float64' },
  { who: alice, body: { kind: 'item', item: 'lastfm:artist:289', title: 'Britney Spears', url: 'https://www.last.fm/music/Britney+Spears' }, note: 'item metadata with url' },
  { who: alice, body: { kind: 'item', item: 'lastfm:artist:72', title: 'Björk' }, note: 'item metadata, non-ASCII title, no url' },
  { who: alice, body: { kind: 'trust', target: bob.author, weight: 0 }, note: 'retraction (weight 0)' },
  { who: bob, body: { kind: 'interact', item: 'https://example.org/song/1', weight: 3 }, note: 'another author, URL item id' },
  {
    who: alice,
    body: {
      kind: 'batch',
      updates: [
        { kind: 'interact', item: 'lastfm:artist:289', weight: 43 },
        { kind: 'interact', item: 'lastfm:artist:72', weight: 0 },
        { kind: 'interact', item: 'lastfm:track:1', weight: 2 },
        { kind: 'trust', target: bob.author, weight: 0.5 },
        { kind: 'item', item: 'lastfm:track:1', title: 'Toxic' }
      ]
    },
    note: 'batch of five updates (a retraction among them)'
  }
]
// The checkpoint after alice's records: the commitment to her live state before its seq.
const aliceState = new AuthorState()
const heads = new Map<string, { seq: number, hash?: Uint8Array }>()
plan.push({ who: alice, body: { kind: 'checkpoint', root: '', edges: 0 }, note: 'checkpoint: alice\'s live state before seq 9 (see "state")' })
// Protocol 2's profile: bob names himself, renames (latest wins), then clears the name.
plan.push(
  { who: bob, body: { kind: 'profile', field: 'name', value: 'Bob' }, note: 'display name (profile)' },
  { who: bob, body: { kind: 'profile', field: 'name', value: 'Bøb the Builder 🛠' }, note: 'display name changed: non-ASCII, the latest profile wins' },
  { who: bob, body: { kind: 'profile', field: 'name', value: '' }, note: 'display name cleared (empty value)' }
)
const valid = plan.map(({ who, body, note }, i) => {
  if (body.kind === 'checkpoint') body = { kind: 'checkpoint', ...aliceState.commitment() }
  const h = heads.get(who.author) ?? { seq: 0 }
  const r = signRecord(who, h.hash === undefined ? { seq: h.seq + 1, ts: TS + i, body } : { seq: h.seq + 1, prev: h.hash, ts: TS + i, body })
  heads.set(who.author, { seq: r.seq, hash: r.hash })
  if (who === alice) aliceState.apply(r)
  const unsigned = r.bytes.subarray(1, r.bytes.length - 66)
  return {
    note,
    seed: hex(who.seed),
    publicKey: hex(who.publicKey),
    author: who.author,
    record: { v: 1, seq: r.seq, prev: r.prev === undefined ? null : hex(r.prev), ts: r.ts, body: r.body },
    unsigned: hex(unsigned),
    signedMessage: hex(signedMessage(unsigned)),
    encoding: hex(r.bytes),
    hash: recordHashHex(r),
    sig: hex(r.sig)
  }
})

// ---- invalid records: each breaks one rule -------------------------------------------
const a1 = signRecord(alice, { seq: 1, ts: TS, body: { kind: 'trust', target: bob.author, weight: 1 } })
const wire = (over: Partial<WireRecord>): WireRecord => ({ v: 1, author: alice.publicKey, seq: 1, prev: null, ts: TS, body: ['interact', 'lastfm:artist:1', 1], ...over })
const signWire = (w: WireRecord): Uint8Array => {
  const u = encodeUnsigned(w)
  const sig = ed.sign(signedMessage(u), alice.seed)
  return Uint8Array.from([0x82, ...u, 0x58, 0x40, ...sig])
}
const flipped = Uint8Array.from(a1.bytes); flipped[flipped.length - 1] ^= 1
const invalid: Array<{ error: string, note: string, encoding: string }> = [
  { error: 'BAD_SIGNATURE', note: 'last signature byte flipped', encoding: hex(flipped) },
  { error: 'UNKNOWN_VERSION', note: 'v = 2', encoding: hex(signWire(wire({ v: 2 }))) },
  { error: 'UNKNOWN_KIND', note: 'body kind "like"', encoding: hex(signWire(wire({ body: ['like', 'lastfm:artist:1', 1] as unknown as WireRecord['body'] }))) },
  { error: 'BAD_WEIGHT', note: 'trust weight 1.5', encoding: hex(signWire(wire({ body: ['trust', bob.publicKey, 1.5] }))) },
  { error: 'BAD_WEIGHT', note: 'interact weight NaN', encoding: hex(signWire(wire({ body: ['interact', 'lastfm:artist:1', NaN] }))) },
  { error: 'BAD_WEIGHT', note: 'interact weight -1', encoding: hex(signWire(wire({ body: ['interact', 'lastfm:artist:1', -1] }))) },
  { error: 'BAD_SEQ', note: 'seq 0', encoding: hex(signWire(wire({ seq: 0 }))) },
  { error: 'BAD_PREV', note: 'seq 1 with a prev hash', encoding: hex(signWire(wire({ prev: new Uint8Array(32) }))) },
  { error: 'BAD_PREV', note: 'seq 2 without prev', encoding: hex(signWire(wire({ seq: 2 }))) },
  { error: 'FUTURE_TIMESTAMP', note: 'ts one day after now (now = ts of this file: 1700000000000)', encoding: hex(signWire(wire({ ts: TS + 86_400_000 }))) },
  { error: 'SELF_TRUST', note: 'author trusts themself', encoding: hex(signWire(wire({ body: ['trust', alice.publicKey, 1] }))) },
  { error: 'OVERSIZE', note: 'item id of 201 bytes', encoding: hex(signWire(wire({ body: ['interact', 'x:' + 'a'.repeat(199), 1] }))) },
  { error: 'BAD_ITEM_ID', note: 'item id without namespace', encoding: hex(signWire(wire({ body: ['interact', 'song', 1] }))) },
  { error: 'BAD_AUTHOR_KEY', note: 'author is the small-order identity point', encoding: hex(signWire(wire({ author: Uint8Array.from([1, ...new Array(31).fill(0)]) }))) },
  { error: 'MALFORMED', note: 'weight 1 written as float16 1.0 (f93c00) instead of integer 01', encoding: hex(Uint8Array.from(Buffer.from(hex(signWire(wire({}))).replace(/01(5840)/, 'f93c00$1'), 'hex'))) },
  { error: 'MALFORMED', note: 'trailing byte after the record', encoding: hex(a1.bytes) + '00' },
  { error: 'MALFORMED', note: 'batch without updates', encoding: hex(signWire(wire({ body: ['batch'] }))) },
  { error: 'UNKNOWN_KIND', note: 'batch holding a checkpoint', encoding: hex(signWire(wire({ body: ['batch', ['interact', 'lastfm:artist:1', 1], ['checkpoint', new Uint8Array(32), 0]] as unknown as WireRecord['body'] }))) },
  { error: 'BAD_WEIGHT', note: 'batch whose second update has weight -1', encoding: hex(signWire(wire({ body: ['batch', ['interact', 'lastfm:artist:1', 1], ['interact', 'lastfm:artist:2', -1]] }))) },
  { error: 'DUPLICATE_UPDATE', note: 'batch naming one item twice', encoding: hex(signWire(wire({ body: ['batch', ['interact', 'lastfm:artist:1', 1], ['interact', 'lastfm:artist:1', 2]] }))) },
  { error: 'OVERSIZE', note: 'batch record of 4097+ bytes', encoding: hex(signWire(wire({ body: ['batch', ...Array.from({ length: 200 }, (_, i) => ['interact', `lastfm:artist:${1000 + i}`, 1] as ['interact', string, number])] }))) },
  { error: 'MALFORMED', note: 'checkpoint root of 31 bytes', encoding: hex(signWire(wire({ seq: 2, prev: new Uint8Array(32), body: ['checkpoint', new Uint8Array(31), 0] }))) },
  { error: 'BAD_CHECKPOINT', note: 'checkpoint at seq 1 (nothing before it to commit to)', encoding: hex(signWire(wire({ body: ['checkpoint', new Uint8Array(32), 0] }))) },
  { error: 'OVERSIZE', note: 'display name of 65 bytes', encoding: hex(signWire(wire({ body: ['profile', 'name', 'é'.repeat(32) + 'x'] }))) },
  { error: 'BAD_TEXT', note: 'display name with a control character (newline)', encoding: hex(signWire(wire({ body: ['profile', 'name', 'Bob\nAdmin'] }))) },
  { error: 'MALFORMED', note: 'profile field other than "name"', encoding: hex(signWire(wire({ body: ['profile', 'bio', 'hi'] as unknown as WireRecord['body'] }))) },
  { error: 'MALFORMED', note: 'display name that is not a text string', encoding: hex(signWire(wire({ body: ['profile', 'name', 7] as unknown as WireRecord['body'] }))) },
  { error: 'DUPLICATE_UPDATE', note: 'batch naming its author twice', encoding: hex(signWire(wire({ body: ['batch', ['profile', 'name', 'A'], ['profile', 'name', 'B']] }))) }
]
// The MALFORMED float vector keeps the signature over the canonical bytes, so only the
// canonical-form rule can be what rejects it.

writeFileSync(new URL('./records.json', import.meta.url), JSON.stringify({
  about: 'meritwalk record vectors (docs/PROTOCOL.md §7). Decode with now = 1700000000000 and maxFutureMs = 600000.',
  now: TS,
  valid,
  invalid,
  state: {
    note: 'alice\'s live state before the checkpoint vector: leaves sorted by their bytes; root = SHA-256("meritwalk/state/v1" 0x00 || leaves)',
    author: alice.author,
    leaves: aliceState.leaves().map(hex),
    root: aliceState.commitment().root,
    edges: aliceState.size
  }
}, null, 2) + '\n')

// ---- Ed25519 rule edge cases ---------------------------------------------------------
const { Point } = ed
const L = Point.CURVE().n
const P = Point.CURVE().p
const le = (n: bigint): Uint8Array => { const b = new Uint8Array(32); for (let i = 0; i < 32; i++) { b[i] = Number(n & 0xffn); n >>= 8n } return b }
const scalarOf = (b: Uint8Array): bigint => BigInt('0x' + (hex(Uint8Array.from(b).reverse()) || '0'))
const kOf = (R: Uint8Array, A: Uint8Array, m: Uint8Array): bigint => scalarOf(sha512(Uint8Array.from([...R, ...A, ...m]))) % L
const msg = Buffer.from('meritwalk ed25519 edge case')
const ext = ed.utils.getExtendedPublicKey(alice.seed)
const a = ext.scalar
const A = ext.pointBytes
const rOf = (label: string): bigint => scalarOf(sha512(Buffer.from(label))) % L
// A point of order 8: L·Q for a point Q of full order (found from small y upward).
let T8 = Point.ZERO
for (let y = 2n; T8.multiply(4n, false).is0(); y++) {
  let Q: typeof Point.ZERO
  try {
    Q = Point.fromBytes(le(y), false)
  } catch {
    continue // no curve point has this y: try the next
  }
  T8 = Q.multiply(L - 1n, false).add(Q)
}
const craft = (pubBytes: Uint8Array, Rpoint: Uint8Array, r: bigint, secret: bigint): Uint8Array => {
  const k = kOf(Rpoint, pubBytes, msg)
  return Uint8Array.from([...Rpoint, ...le((r + k * secret) % L)])
}
const good = ed.sign(msg, alice.seed)
const S = scalarOf(good.subarray(32))
const torsion: string[] = []
for (let i = 1n, p = T8; i <= 7n; i++, p = p.add(T8)) torsion.push(hex(p.toBytes()))
const mixedA = Point.fromBytes(A).add(T8).toBytes()
// Mixed-order key: 1 in 8 messages passes the cofactorless check too; pick the nonce so it fails.
let mixedSig = craft(mixedA, Point.BASE.multiply(rOf('mixed 0')).toBytes(), rOf('mixed 0'), a)
for (let i = 1; kOf(mixedSig.subarray(0, 32), mixedA, msg) % 8n === 0n; i++) {
  mixedSig = craft(mixedA, Point.BASE.multiply(rOf(`mixed ${i}`)).toBytes(), rOf(`mixed ${i}`), a)
}
const rT = rOf('torsion R')
const torsionR = Point.BASE.multiply(rT).add(T8).toBytes()
const identityNonCanonical = le(P + 1n) // y = p + 1 ≡ 1: the identity, written with y ≥ p
const cases: Array<{ name: string, publicKey: Uint8Array, signature: Uint8Array }> = [
  { name: 'valid signature', publicKey: A, signature: good },
  { name: 'S + L (non-canonical S)', publicKey: A, signature: Uint8Array.from([...good.subarray(0, 32), ...le(S + L)]) },
  { name: 'S = L', publicKey: A, signature: Uint8Array.from([...good.subarray(0, 32), ...le(L)]) },
  { name: 'signature 63 bytes', publicKey: A, signature: good.subarray(0, 63) },
  { name: 'signature 65 bytes', publicKey: A, signature: Uint8Array.from([...good, 0]) },
  { name: 'public key 31 bytes', publicKey: A.subarray(0, 31), signature: good },
  { name: 'public key 33 bytes', publicKey: Uint8Array.from([...A, 0]), signature: good },
  ...torsion.map((t, i) => ({ name: `small-order key #${i + 1} (${t.slice(0, 8)}…), R = identity, S = 0`, publicKey: Buffer.from(t, 'hex'), signature: Uint8Array.from([...le(1n), ...le(0n)]) })),
  { name: 'small-order key = identity, signature R = identity, S = 0 (valid for any message under cofactorless rules without a key check)', publicKey: le(1n), signature: Uint8Array.from([...le(1n), ...le(0n)]) },
  { name: 'non-canonical key: identity with y = p + 1', publicKey: identityNonCanonical, signature: Uint8Array.from([...le(1n), ...le(0n)]) },
  { name: 'non-canonical key: x = 0 with sign bit set', publicKey: Uint8Array.from([...le(1n).subarray(0, 31), 0x80]), signature: Uint8Array.from([...le(1n), ...le(0n)]) },
  { name: 'non-canonical R: identity with y = p + 1, S = k·a (valid under ZIP-215)', publicKey: A, signature: craft(A, identityNonCanonical, 0n, a) },
  { name: 'small-order R: identity with S = k·a (cofactorless equation holds; refused by the small-order R rule, as libsodium does)', publicKey: A, signature: craft(A, le(1n), 0n, a) },
  { name: 'R with a torsion component (cofactored equation holds, cofactorless fails)', publicKey: A, signature: craft(A, torsionR, rT, a) },
  { name: 'mixed-order key A + T8 (cofactored equation holds, cofactorless fails)', publicKey: mixedA, signature: mixedSig }
]
const spki = (pk: Uint8Array): ReturnType<typeof createPublicKey> | undefined => {
  try { return createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), pk]), format: 'der', type: 'spki' }) } catch { return undefined }
}
const sodium = createRequire(import.meta.url)('sodium-native') as typeof import('sodium-native')
const rawLibsodium = (pk: Uint8Array, sig: Uint8Array): boolean => {
  try { return sodium.crypto_sign_verify_detached(Buffer.from(sig), msg, Buffer.from(pk)) } catch { return false }
}
const rawNode = (pk: Uint8Array, sig: Uint8Array): boolean => {
  const key = pk.length === 32 ? spki(pk) : undefined
  try { return key !== undefined && nodeVerify(null, msg, key, sig) } catch { return false }
}
writeFileSync(new URL('./ed25519.json', import.meta.url), JSON.stringify({
  about: 'Ed25519 edge cases for the meritwalk signature rule (docs/PROTOCOL.md §4). message is UTF-8 hex; ' +
    'rawNode = node:crypto verify alone, rawNobleStrict = @noble/ed25519 verify {zip215:false} alone, ' +
    'rawLibsodium = libsodium crypto_sign_verify_detached alone, rule = the network rule.',
  message: hex(msg),
  cases: cases.map(c => ({
    name: c.name,
    publicKey: hex(c.publicKey),
    signature: hex(c.signature),
    rawNode: rawNode(c.publicKey, c.signature),
    rawNobleStrict: verifyNobleStrict(c.publicKey, msg, c.signature),
    rawLibsodium: rawLibsodium(c.publicKey, c.signature),
    rule: verifySignature(c.publicKey, msg, c.signature)
  }))
}, null, 2) + '\n')
console.log('records:', valid.length, 'valid,', invalid.length, 'invalid; ed25519 cases:', cases.length,
  'rule == reference:', cases.every(c => verifySignature(c.publicKey, msg, c.signature) === verifySignatureReference(c.publicKey, msg, c.signature)))
