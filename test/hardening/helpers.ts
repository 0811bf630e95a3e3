/**
 * Fixtures for the hardening suites: the real daemon binary as a child process (started,
 * SIGKILLed, restarted on one data dir), record chains signed with node:crypto, thousands
 * of throwaway identities made cheaply, and resource meters for bounded-work assertions.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { readFile, rm } from 'node:fs/promises'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { dataPaths } from '../../src/config.js'
import { authorIdFromPublicKey, encodeRecord, signedMessage, signRecord, type AuthorId, type Body, type Identity, type SignedRecord } from '../../src/index.js'

/** A `meritwalk start` child process. */
export interface CliDaemon { child: ChildProcess, exited: Promise<NodeJS.Signals | number | null>, stderr: () => string }

/** `node cli/bin.js start` on loopback ports chosen by the OS; resolves once this child published its RPC address. */
export async function startCliDaemon (dataDir: string, extra: string[] = []): Promise<CliDaemon> {
  // A SIGKILLed daemon leaves its rpc.json behind: only a file naming this child's pid counts.
  await rm(dataPaths(dataDir).rpcAddress, { force: true })
  const child = spawn(process.execPath, ['cli/bin.js', 'start', '--data-dir', dataDir, '--rpc', '127.0.0.1:0', '--listen', '/ip4/127.0.0.1/tcp/0', '--log-level', 'warn', ...extra], { stdio: ['ignore', 'ignore', 'pipe'] })
  let err = ''
  child.stderr?.on('data', (c: Buffer) => { err += c.toString() })
  // 'close', not 'exit': by then stderr is drained too, so stderr() holds all the daemon wrote.
  const exited = new Promise<NodeJS.Signals | number | null>(resolve => child.once('close', (code, signal) => resolve(signal ?? code)))
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`daemon exited with ${child.exitCode}: ${err}`)
    const published = await readFile(dataPaths(dataDir).rpcAddress, 'utf8').then(t => JSON.parse(t) as { pid: number }, () => undefined)
    if (published?.pid === child.pid) break
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`daemon did not publish its RPC address in time: ${err}`)
    }
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  return { child, exited, stderr: () => err }
}

/** Records `from`..`from+count-1` of `id`'s log after `prev`, signed with node:crypto. */
export function signedChain (id: Identity, count: number, body: (seq: number) => Body, prev?: SignedRecord, ts = 1_700_000_000_000): SignedRecord[] {
  const out: SignedRecord[] = []
  for (let seq = (prev?.seq ?? 0) + 1, n = 0; n < count; seq++, n++) {
    const r: SignedRecord = signRecord(id, { seq, ...(prev === undefined ? {} : { prev: prev.hash }), ts: ts + seq, body: body(seq) }, { signer: 'native' })
    out.push(r)
    prev = r
  }
  return out
}

/** A throwaway author: a node:crypto key, its author id and public key. */
export interface Throwaway { author: AuthorId, publicKey: Uint8Array, key: KeyObject }

/** `n` fresh random authors (node:crypto keygen: ~10× cheaper than deriving from seeds in JS). */
export function throwaways (n: number): Throwaway[] {
  return Array.from({ length: n }, () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519')
    const raw = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(12))
    return { author: authorIdFromPublicKey(raw), publicKey: raw, key: privateKey }
  })
}

/** Canonical bytes of a signed record by a throwaway author (no validation: callers make valid bodies). */
export function signAs (t: Throwaway, seq: number, body: Body, prev?: Uint8Array, ts = Date.now()): Uint8Array {
  const bytes = encodeRecord({ v: 1, author: t.author, seq, ...(prev === undefined ? {} : { prev }), ts, body, sig: new Uint8Array(64) })
  bytes.set(sign(null, signedMessage(bytes.subarray(1, bytes.length - 66)), t.key), bytes.length - 64)
  return bytes
}

setFlagsFromString('--expose-gc')
const collect = runInNewContext('gc') as () => void

/** Heap (JS + array buffers) after a full GC, bytes. */
export function liveBytes (): number {
  collect()
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}

/** What `work` cost this process: CPU ms (user + system), peak live-memory growth sampled every 20 ms, wall ms. */
export async function meter<T> (work: () => Promise<T>): Promise<{ value: T, cpuMs: number, peakBytes: number, wallMs: number }> {
  const base = liveBytes()
  let peak = 0
  const sample = setInterval(() => {
    const m = process.memoryUsage()
    peak = Math.max(peak, m.heapUsed + m.arrayBuffers - base)
  }, 20)
  const cpu = process.cpuUsage()
  const t0 = performance.now()
  try {
    const value = await work()
    const used = process.cpuUsage(cpu)
    return { value, cpuMs: (used.user + used.system) / 1000, peakBytes: peak, wallMs: performance.now() - t0 }
  } finally {
    clearInterval(sample)
  }
}

/** A small seeded generator (mulberry32) for reproducible kill times and burst sizes. */
export function seeded (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
