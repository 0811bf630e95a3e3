/**
 * Parsing of `meritwalk simulate` options into the simulation's typed inputs; every bad
 * value is a UsageError (exit code 2) naming the option and what it accepts.
 */
import { attackKinds, type AttackSpec, type Topology } from '../../graph/sim/attacks.js'
import { methodNames } from '../../graph/sim/catalogue.js'
import { RANKING_PARAMS as P } from '../../src/ranking-params.js'
import { parseNumber, UsageError } from '../parse.js'

/** Everything the run needs, validated. */
export interface SimulateSettings {
  network: 'synthetic' | 'lastfm'
  /** The Last.fm directory (`--network lastfm` only). */
  data?: string
  users: number
  items: number
  attack?: AttackSpec
  methods: string[]
  alphas: number[]
  betas: number[]
  seeds: number[]
  egos: number
  walks?: number
}

/** Turn commander's raw option values into settings. */
export function parseSettings (opts: Record<string, unknown>): SimulateSettings {
  const network = opts.network
  if (network !== 'synthetic' && network !== 'lastfm') throw new UsageError('--network', 'must be synthetic or lastfm', network)
  const attackName = String(opts.attack)
  if (attackName !== 'none' && !(attackKinds as readonly string[]).includes(attackName)) throw new UsageError('--attack', `must be none or one of ${attackKinds.join(', ')}`, attackName)
  const topology = String(opts.topology)
  if (!['serial', 'parallel', 'cycle', 'mesh'].includes(topology)) throw new UsageError('--topology', 'must be serial, parallel, cycle or mesh', topology)
  const methods = list(opts.methods, '--methods')
  for (const m of methods) if (!(methodNames as readonly string[]).includes(m)) throw new UsageError('--methods', `has unknown method "${m}" (choose from ${methodNames.join(', ')})`, m)
  const attack: AttackSpec | undefined = attackName === 'none'
    ? undefined
    : {
        kind: attackName as AttackSpec['kind'],
        sybils: parseNumber('--sybils', opts.sybils, { min: 1, max: 100_000, integer: true }),
        spamItems: parseNumber('--spam-items', opts.spamItems, { min: 1, max: 1000, integer: true }),
        spamWeight: parseNumber('--spam-weight', opts.spamWeight, { min: 1e-9 }),
        fraction: parseNumber('--fraction', opts.fraction, { min: 0, max: 0.5 }),
        duped: parseNumber('--duped', opts.duped, { min: 0, integer: true }),
        topology: topology as Topology,
        camouflageItems: parseNumber('--camouflage-items', opts.camouflageItems, { min: 0, integer: true }),
        sharedSpam: opts.sharedSpam === true,
        fillerItems: parseNumber('--filler-items', opts.fillerItems, { min: 0, max: 100_000, integer: true }),
        selectedItems: parseNumber('--selected-items', opts.selectedItems, { min: 0, max: 100_000, integer: true })
      }
  // The data set is not part of the repository: its place is the person's to say.
  const data = typeof opts.data === 'string' ? opts.data : process.env.MERITWALK_LASTFM_DIR
  if (network === 'lastfm' && (data === undefined || data === '')) {
    throw new UsageError('--data', 'is needed with --network lastfm: the directory of the Last.fm HetRec 2011 files (user_artists.dat, user_friends.dat; https://grouplens.org/datasets/hetrec-2011/), or set MERITWALK_LASTFM_DIR', opts.data)
  }
  return {
    network,
    ...(data !== undefined && data !== '' ? { data } : {}),
    users: parseNumber('--users', opts.users, { min: 10, max: 1_000_000, integer: true }),
    items: parseNumber('--items', opts.items, { min: 10, max: 10_000_000, integer: true }),
    ...(attack !== undefined ? { attack } : {}),
    methods,
    alphas: list(opts.alpha, '--alpha').map(v => parseNumber('--alpha', v, P.alpha)),
    betas: list(opts.beta, '--beta').map(v => parseNumber('--beta', v, P.beta)),
    seeds: list(opts.seed, '--seed').map(v => parseNumber('--seed', v, P.seed)),
    egos: parseNumber('--egos', opts.egos, { min: 0, integer: true }),
    ...(opts.walks !== undefined ? { walks: parseNumber('--walks', opts.walks, P.walks) } : {})
  }
}

// Comma-separated values, at least one, no empties.
function list (raw: unknown, option: string): string[] {
  const parts = String(raw ?? '').split(',').map(s => s.trim())
  if (parts.length === 0 || parts.some(p => p === '')) throw new UsageError(option, 'must be a comma-separated list with no empty entries', raw)
  return parts
}
