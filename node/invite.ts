/**
 * Invites: everything a friend's node needs to reach this one, in one line of text.
 *
 *   mw1<base58btc(CBOR [1, namespace, peer id multihash, expiry (unix s), [multiaddr bytes…], signature])>
 *
 * The signature is the node key's Ed25519 signature over "meritwalk-invite-v1\0" followed
 * by the CBOR of the first five fields, so an address swapped in or an expiry pushed out
 * breaks it; the key is the one inside the peer id, so nothing else has to travel. base58
 * keeps the text one word (a double-click selects it; no 0/O or l/I to misread) and its
 * characters fit a QR code's byte mode. Multiaddrs go without the trailing /p2p/<id> of
 * the inviter (implied), relayed ones keep the relay's.
 */
import { decode, encode } from 'cborg'
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import type { PeerId, PrivateKey } from '@libp2p/interface'
import { fromString, toString } from 'uint8arrays'
import { MeritwalkError } from '../src/errors.js'

export const INVITE_PREFIX = 'mw1'
export const INVITE_VERSION = 1
const DOMAIN = new TextEncoder().encode('meritwalk-invite-v1\0')
/** Addresses an invite carries at most (a QR code stays scannable). */
export const MAX_INVITE_ADDRS = 8
/** Longest invite text read; anything longer is refused before decoding. */
export const MAX_INVITE_CHARS = 4096

export type InviteProblem = 'malformed' | 'signature' | 'expired' | 'namespace'

/** An invite that cannot be used; nothing was changed. */
export class InviteError extends MeritwalkError<{ reason: InviteProblem }> {
  readonly exitCode = 2
  constructor (reason: InviteProblem, message: string) {
    super('INVITE_INVALID', `invalid invite: ${message}`, { reason })
  }
}

export interface Invite {
  /** The inviter's author id (= its libp2p peer id). */
  author: string
  namespace: string
  /** Dialable addresses, each ending in /p2p/<author>. */
  addrs: Multiaddr[]
  /** Expiry, ms since the epoch. */
  expiresAt: number
}

export interface InviteInit {
  privateKey: PrivateKey
  namespace: string
  /** The node's own addresses (with or without its /p2p/ suffix). */
  addrs: Multiaddr[]
  expiresAt: number
}

/** Sign and encode an invite. */
export async function createInvite (init: InviteInit): Promise<string> {
  const peer = peerIdFromPrivateKey(init.privateKey)
  const own = `/p2p/${peer.toString()}`
  const addrs = init.addrs.slice(0, MAX_INVITE_ADDRS).map(a => {
    const s = a.toString()
    return (s.endsWith(own) ? multiaddr(s.slice(0, -own.length)) : a).bytes
  })
  const body = [INVITE_VERSION, init.namespace, peer.toMultihash().bytes, Math.floor(init.expiresAt / 1000), addrs]
  const sig = await init.privateKey.sign(signed(body))
  return INVITE_PREFIX + toString(encode([...body, sig]), 'base58btc')
}

/** Decode and check an invite for this node's namespace; InviteError says what is wrong. */
export async function readInvite (text: string, expect: { namespace: string, now: number }): Promise<Invite> {
  const trimmed = text.trim()
  if (!trimmed.startsWith(INVITE_PREFIX)) throw new InviteError('malformed', `it does not start with '${INVITE_PREFIX}' (copy the whole text \`meritwalk invite\` printed)`)
  if (trimmed.length > MAX_INVITE_CHARS) throw new InviteError('malformed', `it is longer than ${MAX_INVITE_CHARS} characters`)
  let fields: unknown
  try {
    fields = decode(fromString(trimmed.slice(INVITE_PREFIX.length), 'base58btc'), { strict: true, useMaps: false })
  } catch (err) {
    throw new InviteError('malformed', `it does not decode (${(err as Error).message}); was it cut short?`)
  }
  if (!Array.isArray(fields) || fields.length !== 6) throw new InviteError('malformed', 'it is not a meritwalk invite')
  const [version, namespace, peerBytes, expSeconds, rawAddrs, sig] = fields as unknown[]
  if (version !== INVITE_VERSION) throw new InviteError('malformed', `version ${String(version)} is not supported (this node reads version ${INVITE_VERSION}); upgrade meritwalk`)
  if (typeof namespace !== 'string' || !(peerBytes instanceof Uint8Array) || !Number.isSafeInteger(expSeconds) ||
    !Array.isArray(rawAddrs) || rawAddrs.length > MAX_INVITE_ADDRS || !rawAddrs.every(a => a instanceof Uint8Array) || !(sig instanceof Uint8Array)) {
    throw new InviteError('malformed', 'a field has the wrong type')
  }
  let peer: PeerId
  let addrs: Multiaddr[]
  try {
    // A peer id's text form is the base58btc of its multihash.
    peer = peerIdFromString(toString(peerBytes, 'base58btc'))
    addrs = (rawAddrs as Uint8Array[]).map(b => multiaddr(b).encapsulate(`/p2p/${peer.toString()}`))
  } catch (err) {
    throw new InviteError('malformed', `bad peer id or address (${(err as Error).message})`)
  }
  if (peer.publicKey === undefined || peer.type !== 'Ed25519') throw new InviteError('malformed', 'the author is not an Ed25519 key')
  const body = fields.slice(0, 5)
  if (!(await peer.publicKey.verify(signed(body), sig))) throw new InviteError('signature', 'its signature does not match (the text was changed after it was made)')
  if (namespace !== expect.namespace) throw new InviteError('namespace', `it is for namespace '${namespace}', this node is in '${expect.namespace}'`)
  const expiresAt = (expSeconds as number) * 1000
  if (expiresAt <= expect.now) throw new InviteError('expired', `it expired at ${new Date(expiresAt).toISOString()}; ask for a new one`)
  if (addrs.length === 0) throw new InviteError('malformed', 'it carries no address to dial')
  return { author: peer.toString(), namespace, addrs, expiresAt }
}

function signed (body: unknown[]): Uint8Array {
  const bytes = encode(body)
  const out = new Uint8Array(DOMAIN.length + bytes.length)
  out.set(DOMAIN)
  out.set(bytes, DOMAIN.length)
  return out
}
