/**
 * The attack library. Every attack takes a clean (or already attacked) network and a
 * seeded rng and returns a new network with Sybil identities, spam items and their
 * edges added and labelled, so metrics can tell spam from honest items.
 */
import { cloneNetwork, isHonest, itemPopularity, itemsByUser, popularItems, type Network } from './network.js'
import { sample, type Rng } from './rng.js'
import { InvalidSimOptionError } from './errors.js'

/**
 * The profile-injection (shilling) families of Mobasher et al. 2007, plus profile copying:
 * what a Sybil's profile holds beside the spam (the "target", pushed at full weight).
 * random: filler drawn uniformly, played about as often as the average play; average:
 * filler drawn uniformly, each played as often as that item's mean; bandwagon: the most
 * popular items plus filler; segment: the items most co-played with one popular item (a
 * taste segment, e.g. one artist's fans) plus filler; copy: a real person's whole public
 * profile, which every node holds.
 */
export const shillingKinds = ['random', 'average', 'bandwagon', 'segment', 'copy'] as const
export type ShillingKind = typeof shillingKinds[number]

/** How one attacker wires its Sybil region. */
export type Topology = 'serial' | 'parallel' | 'cycle' | 'mesh'

/** Every named attack. */
export const attackKinds = ['serial', 'parallel', 'cycle', 'mesh', 'camouflage', 'many', 'duped', 'flood', ...shillingKinds] as const
export type AttackKind = typeof attackKinds[number]

/** Parameters shared by the attacks (each uses the ones that apply). */
export interface AttackOptions {
  /** Sybils per attacker (per region for `duped`, identities for `flood`). @default 20 */
  sybils: number
  /** Spam items each attacker promotes. @default 3 */
  spamItems: number
  /** Play count every Sybil (and the attacker) gives each spam item. @default 10000 */
  spamWeight: number
  /** Whether the attacker's own (real, trusted) account plays its spam too. @default true */
  attackerPlays: boolean
  /** Popular items each camouflaged Sybil also plays. @default 10 */
  camouflageItems: number
  /** Topology of the camouflage attack and of the duped users' Sybil region. @default 'mesh' */
  topology: Topology
  /** Share of honest users turned attackers (`many`). @default 0.1 */
  fraction: number
  /** Honest users who trust a Sybil (`duped`). @default 1 */
  duped: number
  /** Every attacker promotes the same spam items instead of its own. @default false */
  sharedSpam: boolean
  /** Uniformly drawn filler items of each shilling profile. @default 30 */
  fillerItems: number
  /** Popular items (bandwagon) or segment items (segment) of each shilling profile. @default 10 */
  selectedItems: number
}

/** Defaults of every attack. */
export const defaultAttackOptions: AttackOptions = {
  sybils: 20, spamItems: 3, spamWeight: 10_000, attackerPlays: true, camouflageItems: 10, topology: 'mesh', fraction: 0.1, duped: 1, sharedSpam: false, fillerItems: 30, selectedItems: 10
}

/** The parameters each attack actually uses (for labels and reports). */
export const attackParameters: Record<AttackKind, ReadonlyArray<keyof AttackOptions>> = {
  serial: ['sybils', 'spamItems', 'spamWeight', 'attackerPlays'],
  parallel: ['sybils', 'spamItems', 'spamWeight', 'attackerPlays'],
  cycle: ['sybils', 'spamItems', 'spamWeight', 'attackerPlays'],
  mesh: ['sybils', 'spamItems', 'spamWeight', 'attackerPlays'],
  camouflage: ['sybils', 'spamItems', 'spamWeight', 'attackerPlays', 'camouflageItems', 'topology'],
  many: ['fraction', 'sybils', 'spamItems', 'spamWeight', 'attackerPlays', 'camouflageItems', 'topology', 'sharedSpam'],
  duped: ['duped', 'sybils', 'spamItems', 'spamWeight', 'topology'],
  flood: ['sybils', 'spamItems', 'spamWeight', 'camouflageItems'],
  random: ['duped', 'sybils', 'spamItems', 'spamWeight', 'fillerItems'],
  average: ['duped', 'sybils', 'spamItems', 'spamWeight', 'fillerItems'],
  bandwagon: ['duped', 'sybils', 'spamItems', 'spamWeight', 'fillerItems', 'selectedItems'],
  segment: ['duped', 'sybils', 'spamItems', 'spamWeight', 'fillerItems', 'selectedItems'],
  copy: ['duped', 'sybils', 'spamItems', 'spamWeight']
}

/** An attack by name with its parameters. */
export interface AttackSpec extends Partial<AttackOptions> { kind: AttackKind }

/** Apply the named attack; single-attacker kinds pick a random honest user with trust as attacker unless one is given. */
export function applyAttack (net: Network, spec: AttackSpec, rng: Rng, attacker?: number): Network {
  const o = { ...defaultAttackOptions, ...spec }
  validate(o)
  const out = cloneNetwork(net, `${net.name}+${spec.kind}`)
  switch (spec.kind) {
    case 'serial': case 'parallel': case 'cycle': case 'mesh':
      addRegion(out, attacker ?? pickAttackers(out, 1, rng)[0], spec.kind, o, false, newSpam(out, 'a', o.spamItems))
      break
    case 'camouflage':
      addRegion(out, attacker ?? pickAttackers(out, 1, rng)[0], o.topology, o, true, newSpam(out, 'a', o.spamItems))
      break
    case 'many': manyAttackers(out, o, rng); break
    case 'duped': dupedUsers(out, o, rng); break
    case 'flood': flood(out, o, rng); break
    case 'random': case 'average': case 'bandwagon': case 'segment': case 'copy':
      shilling(out, spec.kind, o, rng)
      break
  }
  return out
}

// The Web3Recommend "giga" experiment: a share of honest users turn attacker, each with a random strategy.
function manyAttackers (net: Network, o: AttackOptions, rng: Rng): void {
  const count = Math.round(o.fraction * [...net.users.keys()].filter(u => isHonest(net, u)).length)
  const shared = o.sharedSpam ? newSpam(net, 'shared', o.spamItems) : undefined
  const strategies = ['serial', 'parallel', 'cycle', 'mesh', 'camouflage'] as const
  for (const a of pickAttackers(net, count, rng)) {
    const s = strategies[rng.int(strategies.length)]
    const spam = shared ?? newSpam(net, `a${a}`, o.spamItems)
    addRegion(net, a, s === 'camouflage' ? o.topology : s, o, s === 'camouflage', spam)
  }
}

// SybilRank's model: a Sybil region reached only through `duped` attack edges from distinct honest users.
function dupedUsers (net: Network, o: AttackOptions, rng: Rng): void {
  const spam = newSpam(net, 'duped', o.spamItems)
  const sybils = addSybils(net, o.sybils, spam, o, false)
  wire(net, undefined, sybils, o.topology)
  for (const u of pickAttackers(net, o.duped, rng, false)) net.trust.push({ src: u, dst: sybils[rng.int(sybils.length)], weight: 1 })
}

// Identities nobody honest trusts, publishing spam and copying popular taste.
function flood (net: Network, o: AttackOptions, rng: Rng): void {
  const spam = newSpam(net, 'flood', o.spamItems)
  const sybils = addSybils(net, o.sybils, spam, o, true)
  for (const s of sybils) {
    const t = sybils[rng.int(sybils.length)]
    if (t !== s) net.trust.push({ src: s, dst: t, weight: 1 })
  }
}

// A shilling region: `sybils` identities with profiles of the given family, wired sparsely
// among themselves (each trusts two others) and reached only by `duped` attack edges.
function shilling (net: Network, kind: ShillingKind, o: AttackOptions, rng: Rng): void {
  const honestItems = [...net.items.keys()].filter(i => !net.spam.has(i))
  const byUser = itemsByUser(net)
  const meanPlays = new Map<number, number>()
  let total = 0
  for (const p of net.plays) { meanPlays.set(p.item, (meanPlays.get(p.item) ?? 0) + p.weight); total += p.weight }
  const pop = itemPopularity(net)
  const itemMean = (i: number): number => Math.max(1, Math.round((meanPlays.get(i) ?? 0) / Math.max(1, pop[i])))
  const globalMean = Math.max(1, Math.round(total / Math.max(1, net.plays.length)))
  const selected = kind === 'bandwagon'
    ? popularItems(net).filter(i => !net.spam.has(i)).slice(0, o.selectedItems)
    : kind === 'segment' ? segmentOf(net, byUser, o.selectedItems, rng) : []
  const donors = [...net.users.keys()].filter(u => isHonest(net, u) && byUser[u].length > 0)
  const playsOf = new Map<number, Array<{ item: number, weight: number }>>()
  if (kind === 'copy') for (const p of net.plays) if (!net.spam.has(p.item)) playsOf.set(p.user, [...(playsOf.get(p.user) ?? []), p])
  const spam = newSpam(net, kind, o.spamItems)
  const sybils = addSybils(net, o.sybils, spam, o, false)
  for (const s of sybils) {
    const profile = new Map<number, number>()
    if (kind === 'copy') {
      for (const p of playsOf.get(donors[rng.int(donors.length)]) ?? []) profile.set(p.item, p.weight)
    } else {
      for (const i of selected) profile.set(i, itemMean(i))
      for (const i of sample(rng, honestItems, Math.min(o.fillerItems, honestItems.length))) {
        if (!profile.has(i)) profile.set(i, kind === 'random' ? globalMean : itemMean(i))
      }
    }
    for (const [item, weight] of profile) net.plays.push({ user: s, item, weight })
  }
  for (const s of sybils) {
    for (let k = 0; k < 2 && sybils.length > 1; k++) {
      const t = sybils[rng.int(sybils.length)]
      if (t !== s) net.trust.push({ src: s, dst: t, weight: 1 })
    }
  }
  for (const u of pickAttackers(net, o.duped, rng, false)) net.trust.push({ src: u, dst: sybils[rng.int(sybils.length)], weight: 1 })
}

// One popular item (among the 50 most played) and the items its listeners play most with it.
function segmentOf (net: Network, byUser: number[][], size: number, rng: Rng): number[] {
  const top = popularItems(net).filter(i => !net.spam.has(i)).slice(0, 50)
  const seed = top[rng.int(top.length)]
  const co = new Map<number, number>()
  for (const items of byUser) {
    if (!items.includes(seed)) continue
    for (const i of items) if (!net.spam.has(i)) co.set(i, (co.get(i) ?? 0) + 1)
  }
  return [...co.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, size).map(([i]) => i)
}

function addRegion (net: Network, attacker: number, topology: Topology, o: AttackOptions, camouflage: boolean, spam: number[]): void {
  net.attackers.add(attacker)
  const sybils = addSybils(net, o.sybils, spam, o, camouflage)
  wire(net, attacker, sybils, topology)
  if (o.attackerPlays) for (const i of spam) net.plays.push({ user: attacker, item: i, weight: o.spamWeight })
}

// Sybils play every spam item; camouflaged ones also play the most popular honest items.
function addSybils (net: Network, count: number, spam: number[], o: AttackOptions, camouflage: boolean): number[] {
  const popular = camouflage ? popularItems(net).filter(i => !net.spam.has(i)).slice(0, o.camouflageItems) : []
  const out: number[] = []
  for (let k = 0; k < count; k++) {
    const s = net.users.length
    net.users.push(`sybil:${s}`)
    net.sybils.add(s)
    out.push(s)
    for (const i of spam) net.plays.push({ user: s, item: i, weight: o.spamWeight })
    for (const i of popular) net.plays.push({ user: s, item: i, weight: 1 })
  }
  return out
}

// Edges of a region; `head` is the attacker (absent for a duped region, whose entry is the first Sybil).
function wire (net: Network, head: number | undefined, sybils: number[], topology: Topology): void {
  const edge = (src: number, dst: number): void => { net.trust.push({ src, dst, weight: 1 }) }
  const chain = head === undefined ? sybils : [head, ...sybils]
  switch (topology) {
    case 'serial':
      for (let k = 1; k < chain.length; k++) edge(chain[k - 1], chain[k])
      break
    case 'parallel':
      for (const s of chain.slice(1)) edge(chain[0], s)
      break
    case 'cycle':
      for (const s of chain.slice(1)) { edge(chain[0], s); edge(s, chain[0]) }
      break
    case 'mesh':
      for (const a of chain) for (const b of chain) if (a !== b) edge(a, b)
      break
  }
}

function newSpam (net: Network, tag: string, count: number): number[] {
  const out: number[] = []
  for (let k = 0; k < count; k++) {
    out.push(net.items.length)
    net.spam.add(net.items.length)
    net.items.push(`spam:${tag}:${k}`)
  }
  return out
}

// Honest users who trust someone (so they are inside the trust graph), drawn without replacement.
function pickAttackers (net: Network, count: number, rng: Rng, needTrust = true): number[] {
  const hasTrust = new Uint8Array(net.users.length)
  for (const e of net.trust) hasTrust[e.src] = 1
  const pool = [...net.users.keys()].filter(u => isHonest(net, u) && (!needTrust || hasTrust[u] === 1))
  if (count > pool.length) throw new InvalidSimOptionError('attackers', count, `at most ${pool.length} (honest users available)`)
  return sample(rng, pool, count)
}

function validate (o: AttackOptions): void {
  for (const k of ['sybils', 'spamItems', 'camouflageItems', 'duped', 'fillerItems', 'selectedItems'] as const) {
    if (!Number.isInteger(o[k]) || o[k] < 0) throw new InvalidSimOptionError(k, o[k], 'an integer ≥ 0')
  }
  if (o.sybils < 1) throw new InvalidSimOptionError('sybils', o.sybils, 'an integer ≥ 1')
  if (!(o.spamWeight > 0) || !Number.isFinite(o.spamWeight)) throw new InvalidSimOptionError('spamWeight', o.spamWeight, 'a finite number > 0')
  if (!(o.fraction >= 0 && o.fraction <= 0.5)) throw new InvalidSimOptionError('fraction', o.fraction, 'a share in [0, 0.5]')
  if (!['serial', 'parallel', 'cycle', 'mesh'].includes(o.topology)) throw new InvalidSimOptionError('topology', o.topology, 'serial, parallel, cycle or mesh')
}
