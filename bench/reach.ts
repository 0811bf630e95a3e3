/**
 * Reachability figures on the lab's home network (test/net/lab.ts homeNetwork: a public
 * relay, A behind a NAT with A2 on its LAN, B behind a NAT that forwards its port, C behind
 * a port-randomising NAT), with real daemons in Linux network namespaces. Needs root, `ip`
 * and `nft`, like the netns tests.
 *
 *   nice -n 10 npx tsx bench/reach.ts [tries=5] [punchTries=20] [reservations=100]
 *
 * - accept → first record: a fresh node accepts A's invite and waits for A's first record,
 *   on A's LAN (A2's place, mDNS off so the invite does the work), through the relay (C's
 *   place), and with a hole punch (B's place: time to the direct connection as well);
 *   median and range over `tries` fresh nodes. The limit beside it is the dial itself
 *   (`accepted`: no record can arrive before the connection exists).
 * - hole punch success: of `punchTries` fresh nodes in B's place, how many ended direct.
 * - relay bytes per record: A authors 200 plays while C holds a relayed connection to A;
 *   the relay's interface counters, less the idle rate measured just before.
 * - relay under load: `reservations` bare libp2p hosts behind C's NAT reserve a slot on
 *   the relay; its resident memory and connections before and after.
 */
import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { median } from './stats.js'
import { B_ANNOUNCE, homeNetwork, interfaceBytes, Lab, labUnavailable, PUBLIC_IP, until, type LabNode } from '../test/net/lab.js'

const [tries, punchTries, reservations] = [Number(process.argv[2] ?? 5), Number(process.argv[3] ?? 20), Number(process.argv[4] ?? 100)]
const NS = 'bench'
// A default install's settings: the figures are what a user gets.
const DEFAULT_CONFIG = {}
const BYTES_RECORDS = 200

interface Accepted { via: string, acceptedMs: number, firstRecordMs: number | null, directMs: number | null }

const why = labUnavailable()
if (why !== undefined) {
  console.error(`bench/reach needs the network lab: ${why}`)
  process.exit(2)
}

/** Run bench/reach/probe.ts inside `ns`; its JSON line. With `keep`, resolves at the first line and returns a closer. */
async function probe<T> (ns: string, args: string[]): Promise<T> {
  return await new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', ns, 'node', '--import', 'tsx', 'bench/reach/probe.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (c: Buffer) => { out += c.toString() })
    child.stderr.on('data', (c: Buffer) => { err += c.toString() })
    child.once('exit', code => {
      if (code !== 0) reject(new Error(`probe ${args[0]} failed (${code}): ${err}`))
      else resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '') as T)
    })
  })
}

const ms = (x: number): string => Number.isFinite(x) ? `${x.toFixed(0)} ms` : '—'
function summary (xs: number[]): string {
  return xs.length === 0 ? '—' : `${ms(median(xs))} (${ms(Math.min(...xs))}–${ms(Math.max(...xs))}, n=${xs.length})`
}

async function rssKiB (node: LabNode): Promise<number> {
  const status = await readFile(`/proc/${node.child.pid ?? 0}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN)
}

const lab = new Lab()
await lab.init()
try {
  const net = homeNetwork(lab)
  const pub = await lab.node('pub', net.pub, { namespace: 'relay', config: { ...DEFAULT_CONFIG, network: { relayReserve: false, relayMaxReservations: reservations + 64, maxConnections: reservations + 64 } } })
  const bootstrap = [`/ip4/${PUBLIC_IP}/tcp/4001/p2p/${pub.author}`]
  const a = await lab.node('a', net.a, { namespace: NS, bootstrap, config: DEFAULT_CONFIG })
  await until('A to reserve a slot on the relay', async () => (await a.json<{ relays: string[] }>(['status'])).relays.includes(pub.author) ? true : undefined)
  // The relay under `reservations` reservations, first: the relay holds nothing else yet
  // but A's (reservations of nodes that stop are held until they expire).
  const before = { rss: await rssKiB(pub), status: await pub.json<{ relaying: number, peers: number }>(['status']) }
  const holders = spawn('ip', ['netns', 'exec', net.c, 'node', '--import', 'tsx', 'bench/reach/probe.ts', 'reserve', `/ip4/${PUBLIC_IP}/tcp/4001/p2p/${pub.author}`, String(reservations)], { stdio: ['pipe', 'pipe', 'inherit'] })
  const held = await new Promise<{ reserved: number, refused: string[], ms: number }>((resolve, reject) => {
    let out = ''
    holders.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]))
    })
    holders.once('exit', code => reject(new Error(`reserve probe exited (${code})`)))
  })
  await sleep(5000) // let the relay settle after the burst
  const after = { rss: await rssKiB(pub), status: await pub.json<{ relaying: number, peers: number }>(['status']) }
  holders.stdin.end()
  await new Promise(resolve => holders.once('exit', resolve))

  if ((await a.cli(['play', 'bench:first'])).code !== 0) throw new Error('A could not author')
  const { invite, addrs } = await a.json<{ invite: string, addrs: string[] }>(['invite'])
  process.stderr.write(`A's invite carries ${addrs.join(' ')}\n`)

  /** `n` fresh nodes in `ns`, one after another, each accepting A's invite; the last is kept running. */
  async function acceptors (place: string, ns: string, n: number, config: Record<string, unknown>, waitDirectMs: number): Promise<{ runs: Accepted[], last: LabNode }> {
    const runs: Accepted[] = []
    let node: LabNode | undefined
    for (let i = 0; i < n; i++) {
      await node?.stop()
      node = await lab.node(`${place}${i}`, ns, { namespace: NS, bootstrap: place === 'lan' ? [] : bootstrap, config })
      // A failed accept is a figure too (counted, with its reason), not the end of the bench.
      runs.push(await probe<Accepted>(ns, ['accept', node.dir, invite, a.author, String(waitDirectMs)])
        .catch(err => ({ via: 'failed', acceptedMs: NaN, firstRecordMs: null, directMs: null, error: (err as Error).message.split('\n').find(l => l.includes('reason')) ?? 'see stderr' })))
      process.stderr.write(`${place} ${i + 1}/${n}: ${JSON.stringify(runs.at(-1))}\n`)
    }
    if (node === undefined) throw new Error('no tries')
    return { runs, last: node }
  }
  const firsts = (runs: Accepted[]): number[] => runs.flatMap(r => r.firstRecordMs === null ? [] : [r.firstRecordMs])

  const lan = await acceptors('lan', net.a2, tries, { ...DEFAULT_CONFIG, network: { mdns: false } }, 0)
  await lan.last.stop()
  const relay = await acceptors('relay', net.c, tries, DEFAULT_CONFIG, 0)
  const c = relay.last

  // Relay bytes per record: only C's connection to A crosses the relay now.
  const idle0 = interfaceBytes(net.pub, 'eth0')
  const idleStart = performance.now()
  await sleep(10_000)
  const idle1 = interfaceBytes(net.pub, 'eth0')
  const idleRate = (idle1.rx + idle1.tx - idle0.rx - idle0.tx) / (performance.now() - idleStart)
  const cBefore = (await c.json<{ records: number }>(['status'])).records
  const t0 = performance.now()
  await probe(net.a, ['play', a.dir, String(BYTES_RECORDS)])
  await until('C to hold all of A\'s plays', async () => (await c.json<{ records: number }>(['status'])).records >= cBefore + BYTES_RECORDS ? true : undefined, 120_000, 200)
  const busy = interfaceBytes(net.pub, 'eth0')
  const busyMs = performance.now() - t0
  const carried = busy.rx + busy.tx - idle1.rx - idle1.tx
  const perRecord = (carried - idleRate * busyMs) / BYTES_RECORDS
  await c.stop()
  const punch = await acceptors('punch', net.b, punchTries, { ...DEFAULT_CONFIG, network: { announce: [B_ANNOUNCE] } }, 30_000)
  await punch.last.stop()
  // After that churn of friends, does a new one still get through the relay?
  const relayAfter = await acceptors('relay-after-churn', net.c, 1, DEFAULT_CONFIG, 0)
  await relayAfter.last.stop()

  const punched = punch.runs.filter(r => r.directMs !== null)
  console.log('\nReachability (bench/reach.ts) — lab home network, real daemons in network namespaces\n')
  console.log('| path | accept → first record: median (range, n) | dial alone (accept returns): median | ratio |')
  console.log('|---|---|---|---|')
  for (const [name, runs] of [['one LAN (invite, no mDNS)', lan.runs], ['through the relay', relay.runs], ['hole-punch set-up (B)', punch.runs]] as const) {
    const dial = median(runs.map(r => r.acceptedMs).filter(Number.isFinite))
    console.log(`| ${name} | ${summary(firsts(runs))} | ${ms(dial)} | ${(median(firsts(runs)) / dial).toFixed(2)}× |`)
  }
  const failed = [...lan.runs, ...relay.runs, ...punch.runs, ...relayAfter.runs].filter(r => r.via === 'failed')
  console.log(`\nfailed accepts: ${failed.length}${failed.length > 0 ? ` (${failed.map(r => (r as Accepted & { error?: string }).error).join('; ')})` : ''}; ` +
    `relay accept after ${punchTries} punch-set-up friends came and went: ${relayAfter.runs[0].via === 'failed' ? 'FAILED' : `first record in ${ms(relayAfter.runs[0].firstRecordMs ?? NaN)}`}`)
  console.log(`hole punch (B's place): ${punched.length}/${punch.runs.length} ended direct; accept → direct ${summary(punched.map(r => r.directMs ?? NaN))}`)
  console.log(`relay bytes per record: ${perRecord.toFixed(0)} B (${BYTES_RECORDS} plays A → C in ${ms(busyMs)}; ${carried} B on the relay's interface, idle ${(idleRate * 1000).toFixed(0)} B/s subtracted)`)
  console.log(`relay under ${reservations} reservations: ${held.reserved} held after ${ms(held.ms)}${held.refused.length > 0 ? ` (refused: ${held.refused.join(', ')})` : ''}; relaying ${before.status.relaying} → ${after.status.relaying}; ` +
    `peers ${before.status.peers} → ${after.status.peers}; RSS ${(before.rss / 1024).toFixed(1)} → ${(after.rss / 1024).toFixed(1)} MiB ` +
    `(${((after.rss - before.rss) / Math.max(1, after.status.relaying - before.status.relaying)).toFixed(0)} KiB per reservation)`)
} finally {
  await lab.close()
}
