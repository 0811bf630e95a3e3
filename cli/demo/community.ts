/**
 * The demo's synthetic community, as signed records: the simulator's seeded network
 * (communities of friends with power-law tastes) plus one Sybil attack — a real,
 * trusted account that spawns a mesh of fake identities all pushing spam items.
 * Every member gets a deterministic key, so a seed reproduces the demo byte for byte.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { identityFromSeed, signRecord } from '../../src/index.js'
import type { Body, Identity, SignedRecord } from '../../src/index.js'
import { applyAttack } from '../../graph/sim/attacks.js'
import { createRng } from '../../graph/sim/rng.js'
import type { Rng } from '../../graph/sim/rng.js'
import { syntheticNetwork } from '../../graph/sim/synthetic.js'
import type { Network } from '../../graph/sim/network.js'

export interface CommunityOptions {
  /** @default 42 */
  seed: number
  /** Honest users. @default 60 */
  users: number
  /** Honest items. @default 150 */
  items: number
  /** Sybil identities the attacker creates. @default 30 */
  sybils: number
  /** Timestamp of every record (ms). @default Date.now() */
  now: number
}

export const defaultCommunityOptions = (): CommunityOptions => ({ seed: 42, users: 60, items: 150, sybils: 30, now: Date.now() })

/** One member: its key, role, label for printing and its signed log. */
export interface Member {
  index: number
  identity: Identity
  role: 'honest' | 'attacker' | 'sybil'
  label: string
  records: SignedRecord[]
}

export interface Community {
  net: Network
  members: Member[]
  /** The honest user whose tastes and friendships the demo's person copies. */
  model: number
  /** Item id → display title (spam titles say so, for the reader). */
  titles: Map<string, string>
  spam: Set<string>
}

/** Build the community: network, attack on a friend of the model user, keys and signed logs. */
export function buildCommunity (options: Partial<CommunityOptions> = {}): Community {
  const o = { ...defaultCommunityOptions(), ...options }
  const rng = createRng(o.seed)
  const clean = syntheticNetwork(rng, { users: o.users, items: o.items, communities: 3, friends: 6, playsPerUser: 12 })
  const model = 0
  // The attacker is one of the model user's own friends: the hard case, a trusted account gone bad.
  const friends = clean.trust.filter(e => e.src === model).map(e => e.dst)
  const attacker = friends[rng.int(friends.length)]
  const net = applyAttack(clean, { kind: 'mesh', sybils: o.sybils, spamItems: 3 }, rng, attacker)

  // Record item ids are namespaced (scheme:rest); the simulator's ids are bare.
  const ids = net.items.map(item => `demo:${item}`)
  const titles = new Map<string, string>()
  ids.forEach((id, i) => titles.set(id, net.spam.has(i) ? `SPAM ${SPAM_TITLES[i % SPAM_TITLES.length]}` : artistName(rng, i)))
  const identities = net.users.map((_u, i) => identityFromSeed(sha256(new TextEncoder().encode(`meritwalk-demo:${o.seed}:${i}`))))
  const bodies: Body[][] = net.users.map(() => [])
  for (const e of net.trust) bodies[e.src].push({ kind: 'trust', target: identities[e.dst].author, weight: e.weight })
  for (const p of net.plays) bodies[p.user].push({ kind: 'interact', item: ids[p.item], weight: p.weight })
  const members: Member[] = net.users.map((_u, i) => {
    const role = net.sybils.has(i) ? 'sybil' : net.attackers.has(i) ? 'attacker' : 'honest'
    const label = role === 'honest' ? `user${i}` : role === 'attacker' ? `user${i} (attacker)` : `sybil${i - o.users}`
    return { index: i, identity: identities[i], role, label, records: [] }
  })
  // Each item's title is published by the first member who plays it.
  const titled = new Set<string>()
  for (const p of net.plays) {
    const item = ids[p.item]
    if (titled.has(item)) continue
    titled.add(item)
    bodies[p.user].push({ kind: 'item', item, title: titles.get(item) as string })
  }
  for (const m of members) m.records = signChain(m.identity, bodies[m.index], o.now)
  return { net, members, model, titles, spam: new Set([...net.spam].map(i => ids[i])) }
}

/** A member's log: seq 1…n, each linked to the previous record's hash. */
function signChain (identity: Identity, bodies: Body[], ts: number): SignedRecord[] {
  const out: SignedRecord[] = []
  for (const body of bodies) {
    const prev = out.at(-1)
    out.push(signRecord(identity, { seq: out.length + 1, ts, body, ...(prev === undefined ? {} : { prev: prev.hash }) }))
  }
  return out
}

const FIRST = ['Velvet', 'Neon', 'Paper', 'Silver', 'Midnight', 'Golden', 'Electric', 'Quiet', 'Crimson', 'Hollow', 'Wild', 'Lunar']
const SECOND = ['Foxes', 'Harbour', 'Tigers', 'Orchard', 'Static', 'Pilots', 'Lanterns', 'Rivers', 'Echoes', 'Gardens', 'Satellites', 'Owls']
const SPAM_TITLES = ['Miracle Pills Jingle', 'Crypto Giveaway Anthem', 'Buy Followers Now']

function artistName (rng: Rng, i: number): string {
  return `${FIRST[rng.int(FIRST.length)]} ${SECOND[rng.int(SECOND.length)]} ${i}`
}
