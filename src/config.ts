/**
 * Node configuration, in layers: defaults → `<dataDir>/config.json` → environment
 * (`MERITWALK_*`) → explicit overrides (CLI flags). Each layer is validated; a bad value
 * is a ConfigError that names the option and where it came from.
 */
import { mkdir, readFile, stat } from 'node:fs/promises'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { MeritwalkError } from './errors.js'
import { describeRange, inParamRange, RANKING_PARAMS, type NumberParam } from './ranking-params.js'

/** Ranking settings; defaults and ranges are the table's (src/ranking-params.ts). */
export interface RankingConfig {
  /** MeritRank stop probability per walk step. */
  alpha: number
  /** Connectivity decay for ego-separated nodes and items. */
  beta: number
  /** Walks per query. */
  walks: number
  /** Most walks one RPC ranking call may ask for (a batch: five times this in all); bounds what one request can make the node compute. @default 100000 */
  maxWalks: number
  /** Epoch decay half-life of edge weights in days; null = off. @default null */
  halfLifeDays: number | null
}

export interface StoreConfig {
  /** Records kept per author; more are refused. @default 100000 */
  maxRecordsPerAuthor: number
  /** Records kept in all; past it only authors the ego trusts get in. @default 10000000 */
  maxTotalRecords: number
  /** Records kept from strangers (authors the ego's trust does not reach), all together; more from strangers are refused (QUOTA_STRANGERS). @default 1000000 */
  maxStrangerRecords: number
  /** Records per second that strangers (authors the ego's trust does not reach) may bring in, all together; a burst of ten seconds' worth. @default 1000 */
  strangerRecordsPerSecond: number
  /** Worker threads verifying signatures of gossip and sync batches; null: one per core (at most 4), 0: none (the event loop verifies). @default null */
  verifyThreads: number | null
}

export interface GossipConfig {
  /** Records per gossip message. @default 256 */
  maxBatchRecords: number
  /** Largest gossip message accepted, bytes. @default 262144 */
  maxMessageBytes: number
}

export interface SyncConfig {
  /** Period of the background head comparison with each peer. @default 30000 */
  intervalMs: number
  /** Records per sync response page. @default 1000 */
  pageSize: number
  /** Deadline for one sync request, ms. @default 10000 */
  timeoutMs: number
}

/** Trust-scoped replication (docs/SCALING.md). */
export interface ReplicationConfig {
  /** 'all': every author's log; 'horizon': only authors inside the ego's trust horizon; 'auto': 'all' until the store holds scopeAboveAuthors authors, then 'horizon'. @default 'auto' */
  scope: 'auto' | 'all' | 'horizon'
  /** Authors held at which 'auto' turns to 'horizon'. @default 50000 */
  scopeAboveAuthors: number
  /** Least MeritRank score from the ego that brings an author into the horizon. @default 0.0001 */
  epsilon: number
  /** An author inside stays while its score is ≥ epsilon × exitFactor. @default 0.5 */
  exitFactor: number
}

/** Reachability: discovery, NAT traversal and the peer book (node/host.ts, docs/SECURITY.md). */
export interface NetworkConfig {
  /** Local discovery by mDNS; only active when a listen address is on the LAN (not loopback). @default true */
  mdns: boolean
  /** Kademlia DHT under /meritwalk/<namespace>/kad/1.0.0, seeded by the bootstrap list; a provider record for the namespace. @default true */
  dht: boolean
  /** AutoNAT v2: ask peers to dial us back to learn whether our addresses are publicly reachable. @default true */
  autonat: boolean
  /** Reserve a slot on a relay peer (circuit relay v2) and advertise the relayed address. @default true */
  relayReserve: boolean
  /** Serve as a circuit relay v2 for others, within the bounds below. @default true */
  relayServe: boolean
  /** Reservations this node holds for others at most when serving as a relay. @default 32 */
  relayMaxReservations: number
  /** Bytes one relayed connection may carry (each way) before the relay ends it. @default 4194304 */
  relayMaxCircuitBytes: number
  /** Seconds one relayed connection may last before the relay ends it. @default 600 */
  relayMaxCircuitSeconds: number
  /** DCUtR: upgrade relayed connections to direct ones. @default true */
  holePunch: boolean
  /** Ask the router for a port mapping by UPnP IGD. @default false */
  upnp: boolean
  /** Extra addresses to announce (e.g. a router's port forward), multiaddrs without /p2p/. @default [] */
  announce: string[]
  /** Open connections at most; past it the least valuable (untrusted, newest) are closed first. @default 100 */
  maxConnections: number
}

export interface MeritwalkConfig {
  /** Where the key, token, store and config file live. @default ~/.meritwalk */
  dataDir: string
  /** Network namespace: one gossip topic per namespace. @default 'main' */
  namespace: string
  /** libp2p listen multiaddrs. @default ['/ip4/127.0.0.1/tcp/7718'] */
  listen: string[]
  /** Peers dialled at start (multiaddrs with /p2p/). @default [] */
  bootstrap: string[]
  /** JSON-RPC endpoint. @default { host: '127.0.0.1', port: 7717 } */
  rpc: { host: string, port: number }
  /** Log level. @default 'info' */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** Plays, likes and imports stay on this node (never signed or published) unless `--public` is given. @default false */
  privateByDefault: boolean
  ranking: RankingConfig
  store: StoreConfig
  gossip: GossipConfig
  sync: SyncConfig
  replication: ReplicationConfig
  network: NetworkConfig
}

/** A partial config, as found in a config file or given as overrides. */
export type ConfigInput = Partial<Omit<MeritwalkConfig, 'rpc' | 'ranking' | 'store' | 'gossip' | 'sync' | 'replication' | 'network'>> & {
  rpc?: Partial<MeritwalkConfig['rpc']>
  ranking?: Partial<RankingConfig>
  store?: Partial<StoreConfig>
  gossip?: Partial<GossipConfig>
  sync?: Partial<SyncConfig>
  replication?: Partial<ReplicationConfig>
  network?: Partial<NetworkConfig>
}

export class ConfigError extends MeritwalkError<{ option: string, source: string, value?: unknown }> {
  readonly exitCode = 2
  constructor (option: string, source: string, problem: string, value?: unknown) {
    super('CONFIG_INVALID', `config option '${option}' (from ${source}) ${problem}`, { option, source, value })
  }
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** The data directory: flag, else $MERITWALK_DATA_DIR, else ~/.meritwalk. */
export function resolveDataDir (flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag ?? env.MERITWALK_DATA_DIR ?? join(homedir(), '.meritwalk'))
}

/** The data directory cannot be created or used: exit code 2, naming the path and the cause. */
export class DataDirError extends MeritwalkError<{ dataDir: string, path: string }> {
  readonly exitCode = 2
  constructor (dataDir: string, path: string, problem: string) {
    super('DATA_DIR_UNUSABLE', `cannot use ${dataDir} as the data directory: ${path} ${problem}; choose another with --data-dir`, { dataDir, path })
  }
}

/**
 * Create the data directory (0700) and any missing parents, one level at a time: Node 20's
 * recursive mkdir spins forever where the parent refuses with ENOENT (under /proc).
 */
export async function makeDataDir (dataDir: string): Promise<void> {
  const missing: string[] = []
  for (let d = resolve(dataDir); ; d = dirname(d)) {
    try {
      if (!(await stat(d)).isDirectory()) throw new DataDirError(dataDir, d, 'is not a directory')
      break
    } catch (err) {
      if (err instanceof DataDirError) throw err
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'ENOTDIR') continue // a parent is a file: found and reported further up
      if (code !== 'ENOENT') throw new DataDirError(dataDir, d, `cannot be read (${code ?? (err as Error).message})`)
      missing.push(d)
      if (dirname(d) === d) break
    }
  }
  for (const d of missing.reverse()) {
    try {
      await mkdir(d, { mode: 0o700 })
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code !== 'EEXIST') throw new DataDirError(dataDir, d, `cannot be created (${code ?? (err as Error).message})`)
    }
  }
}

/** Files the node keeps in its data directory (the identity module names its own key file). */
export function dataPaths (dataDir: string): { config: string, store: string, token: string, peers: string, rpcAddress: string, lock: string, lockDir: string, controls: string, imports: string, ownLogUnconfirmed: string } {
  return {
    // The person's local choices (mutes, private plays, petnames): never published.
    controls: join(dataDir, 'controls.json'),
    // What each service's imported history contributed to the play counts (node/import-ledger.ts).
    imports: join(dataDir, 'imports.json'),
    // Present after `meritwalk key import`: sign nothing until a peer confirmed our own log (node/key-restore.ts).
    ownLogUnconfirmed: join(dataDir, 'own-log-unconfirmed.json'),
    config: join(dataDir, 'config.json'),
    store: join(dataDir, 'store'),
    peers: join(dataDir, 'peers'),
    token: join(dataDir, 'rpc.token'),
    rpcAddress: join(dataDir, 'rpc.json'),
    lock: join(dataDir, 'daemon.pid'),
    /** The OS lock of the data directory (node/lock.ts); `lock` only names its holder. */
    lockDir: join(dataDir, 'daemon.lock')
  }
}

export function defaultConfig (dataDir: string): MeritwalkConfig {
  return {
    dataDir,
    namespace: 'main',
    listen: ['/ip4/127.0.0.1/tcp/7718'],
    bootstrap: [],
    rpc: { host: '127.0.0.1', port: 7717 },
    logLevel: 'info',
    privateByDefault: false,
    ranking: { alpha: RANKING_PARAMS.alpha.default, beta: RANKING_PARAMS.beta.default, walks: RANKING_PARAMS.walks.default, maxWalks: RANKING_PARAMS.maxWalks.default, halfLifeDays: null },
    store: { maxRecordsPerAuthor: 100_000, maxTotalRecords: 10_000_000, maxStrangerRecords: 1_000_000, strangerRecordsPerSecond: 1000, verifyThreads: null },
    gossip: { maxBatchRecords: 256, maxMessageBytes: 256 * 1024 },
    sync: { intervalMs: 30_000, pageSize: 1000, timeoutMs: 10_000 },
    replication: { scope: 'auto', scopeAboveAuthors: 50_000, epsilon: 1e-4, exitFactor: 0.5 },
    network: {
      mdns: true,
      dht: true,
      autonat: true,
      relayReserve: true,
      relayServe: true,
      relayMaxReservations: 32,
      relayMaxCircuitBytes: 4 * 1024 * 1024,
      relayMaxCircuitSeconds: 600,
      holePunch: true,
      upnp: false,
      announce: [],
      maxConnections: 100
    }
  }
}

/** Environment variables read, each mapped to the option it sets. */
export const ENV_OPTIONS: Record<string, (v: string) => ConfigInput> = {
  MERITWALK_NAMESPACE: v => ({ namespace: v }),
  MERITWALK_LISTEN: v => ({ listen: splitList(v) }),
  MERITWALK_BOOTSTRAP: v => ({ bootstrap: splitList(v) }),
  MERITWALK_RPC: v => ({ rpc: parseHostPort(v, 'rpc', 'environment MERITWALK_RPC') }),
  MERITWALK_LOG_LEVEL: v => ({ logLevel: v as MeritwalkConfig['logLevel'] })
}

export interface LoadConfigOptions {
  dataDir?: string
  env?: NodeJS.ProcessEnv
  overrides?: ConfigInput
}

/** Merge every layer and validate the result. */
export async function loadConfig (opts: LoadConfigOptions = {}): Promise<MeritwalkConfig> {
  const env = opts.env ?? process.env
  const dataDir = resolveDataDir(opts.dataDir, env)
  let config = defaultConfig(dataDir)
  const file = dataPaths(dataDir).config
  const fromFile = await readConfigFile(file)
  if (fromFile !== undefined) config = merge(config, fromFile, `config file ${file}`)
  for (const [name, parse] of Object.entries(ENV_OPTIONS)) {
    const v = env[name]
    if (v !== undefined && v !== '') config = merge(config, parse(v), `environment ${name}`)
  }
  if (opts.overrides !== undefined) config = merge(config, opts.overrides, 'command line')
  return config
}

/** The config file as a layer, undefined if there is none; ConfigError if it is not a JSON object. */
export async function readConfigFile (file: string): Promise<ConfigInput | undefined> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    // ENOTDIR: a parent is a file, so there is no config here (creating the directory says why).
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    throw new ConfigError('(file)', `config file ${file}`, `cannot be read (${code ?? (err as Error).message})`)
  }
  try {
    const parsed: unknown = JSON.parse(text)
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new ConfigError('(file)', `config file ${file}`, 'must hold a JSON object')
    }
    return parsed as ConfigInput
  } catch (err) {
    if (err instanceof ConfigError) throw err
    throw new ConfigError('(file)', `config file ${file}`, `is not valid JSON: ${(err as Error).message}`)
  }
}

const SECTIONS = ['rpc', 'ranking', 'store', 'gossip', 'sync', 'replication', 'network'] as const

/** Apply one layer over `base`, validating every value it sets. */
export function merge (base: MeritwalkConfig, layer: ConfigInput, source: string): MeritwalkConfig {
  const out: MeritwalkConfig = structuredClone(base)
  const known = new Set(Object.keys(base))
  for (const [key, value] of Object.entries(layer)) {
    if (value === undefined) continue
    if (!known.has(key)) throw new ConfigError(key, source, 'is not a known option')
    if ((SECTIONS as readonly string[]).includes(key)) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new ConfigError(key, source, 'must be an object', value)
      }
      const section = (out as unknown as Record<string, Record<string, unknown>>)[key]
      for (const [sub, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === undefined) continue
        if (!(sub in section)) throw new ConfigError(`${key}.${sub}`, source, 'is not a known option')
        section[sub] = v
      }
    } else {
      (out as unknown as Record<string, unknown>)[key] = value
    }
  }
  validateConfig(out, source)
  return out
}

/** Throw a ConfigError for the first value out of range. */
export function validateConfig (c: MeritwalkConfig, source = 'defaults'): void {
  const fail = (option: string, problem: string, value: unknown): never => {
    throw new ConfigError(option, source, problem, value)
  }
  const inRange = (option: string, v: unknown, lo: number, hi: number, integer = false): void => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi || (integer && !Number.isInteger(v))) {
      fail(option, `must be ${integer ? 'an integer' : 'a number'} in [${lo}, ${hi}]`, v)
    }
  }
  const strings = (option: string, v: unknown): void => {
    if (!Array.isArray(v) || v.some(s => typeof s !== 'string' || s === '')) fail(option, 'must be a list of non-empty strings', v)
  }
  if (typeof c.dataDir !== 'string' || c.dataDir === '') fail('dataDir', 'must be a path', c.dataDir)
  if (typeof c.namespace !== 'string' || !/^[a-z0-9][a-z0-9._-]{0,63}$/.test(c.namespace)) {
    fail('namespace', 'must be 1–64 characters of a-z, 0-9, . _ - (starting with a letter or digit)', c.namespace)
  }
  strings('listen', c.listen)
  strings('bootstrap', c.bootstrap)
  if (typeof c.rpc.host !== 'string' || c.rpc.host === '') fail('rpc.host', 'must be a host name or address', c.rpc.host)
  inRange('rpc.port', c.rpc.port, 0, 65535, true)
  if (!(LOG_LEVELS as readonly string[]).includes(c.logLevel)) fail('logLevel', `must be one of ${LOG_LEVELS.join(', ')}`, c.logLevel)
  if (typeof c.privateByDefault !== 'boolean') fail('privateByDefault', 'must be true or false', c.privateByDefault)
  const param = (option: string, p: NumberParam, v: unknown): void => {
    if (!inParamRange(p, v)) fail(option, `must be ${describeRange(p)}`, v)
  }
  param('ranking.alpha', RANKING_PARAMS.alpha, c.ranking.alpha)
  param('ranking.beta', RANKING_PARAMS.beta, c.ranking.beta)
  param('ranking.walks', RANKING_PARAMS.walks, c.ranking.walks)
  param('ranking.maxWalks', RANKING_PARAMS.maxWalks, c.ranking.maxWalks)
  if (c.ranking.maxWalks < c.ranking.walks) fail('ranking.maxWalks', `must be at least ranking.walks (${c.ranking.walks})`, c.ranking.maxWalks)
  if (c.ranking.halfLifeDays !== null) param('ranking.halfLifeDays', RANKING_PARAMS.halfLifeDays, c.ranking.halfLifeDays)
  inRange('store.maxRecordsPerAuthor', c.store.maxRecordsPerAuthor, 1, 1e9, true)
  inRange('store.maxTotalRecords', c.store.maxTotalRecords, 1, 1e12, true)
  inRange('store.maxStrangerRecords', c.store.maxStrangerRecords, 0, 1e12, true)
  inRange('store.strangerRecordsPerSecond', c.store.strangerRecordsPerSecond, 1, 1e9, true)
  if (c.store.verifyThreads !== null) inRange('store.verifyThreads', c.store.verifyThreads, 0, 256, true)
  inRange('gossip.maxBatchRecords', c.gossip.maxBatchRecords, 1, 10_000, true)
  inRange('gossip.maxMessageBytes', c.gossip.maxMessageBytes, 1024, 4 * 1024 * 1024, true)
  inRange('sync.intervalMs', c.sync.intervalMs, 100, 86_400_000, true)
  inRange('sync.pageSize', c.sync.pageSize, 1, 100_000, true)
  inRange('sync.timeoutMs', c.sync.timeoutMs, 100, 600_000, true)
  if (!['auto', 'all', 'horizon'].includes(c.replication.scope)) fail('replication.scope', "must be 'auto', 'all' or 'horizon'", c.replication.scope)
  inRange('replication.scopeAboveAuthors', c.replication.scopeAboveAuthors, 1, 1e12, true)
  inRange('replication.epsilon', c.replication.epsilon, 0, 1)
  inRange('replication.exitFactor', c.replication.exitFactor, 0, 1)
  for (const flag of ['mdns', 'dht', 'autonat', 'relayReserve', 'relayServe', 'holePunch', 'upnp'] as const) {
    if (typeof c.network[flag] !== 'boolean') fail(`network.${flag}`, 'must be true or false', c.network[flag])
  }
  inRange('network.relayMaxReservations', c.network.relayMaxReservations, 0, 10_000, true)
  inRange('network.relayMaxCircuitBytes', c.network.relayMaxCircuitBytes, 1024, 2 ** 40, true)
  inRange('network.relayMaxCircuitSeconds', c.network.relayMaxCircuitSeconds, 1, 86_400, true)
  strings('network.announce', c.network.announce)
  inRange('network.maxConnections', c.network.maxConnections, 1, 100_000, true)
}

/** Parse "host:port" (IPv6 as "[::1]:port"). */
export function parseHostPort (text: string, option: string, source: string): { host: string, port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text)
  if (m === null) throw new ConfigError(option, source, 'must be host:port, e.g. 127.0.0.1:7717', text)
  return { host: m[1] ?? m[2], port: Number(m[3]) }
}

function splitList (v: string): string[] {
  return v.split(',').map(s => s.trim()).filter(s => s !== '')
}
