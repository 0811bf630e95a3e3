/**
 * A network lab in Linux network namespaces, made and removed by the test: namespaces,
 * veth pairs, bridges and nft NAT routers, and real `meritwalk` daemons started inside
 * them. Needs root, `ip` and `nft`; `labUnavailable()` says why not, so tests can skip
 * with the reason.
 *
 * Addresses: LANs use 10.x.0.0/24. The simulated internet uses 198.20.0.0/24 — libp2p
 * treats private and documentation ranges as unroutable (no hole punching towards them,
 * no AutoNAT checks of them), so the "internet" needs addresses libp2p calls public.
 * They exist only on veths between the lab's own namespaces: no namespace of the lab has a
 * link to the host's network, so nothing sent to them can leave the machine.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readRpcAddress } from '../../node/rpc/token.js'
import { dataPaths } from '../../src/config.js'
import { loadIdentity } from '../../src/index.js'

/** Why the lab cannot run here, or undefined when it can. */
export function labUnavailable (): string | undefined {
  if (process.platform !== 'linux') return 'network namespaces need Linux'
  if (process.getuid?.() !== 0) return 'network namespaces need root (CI runs as root)'
  for (const tool of ['ip', 'nft']) {
    try {
      execFileSync(tool, ['-V'], { stdio: 'ignore' })
    } catch {
      return `\`${tool}\` is not installed (apt-get install -y iproute2 nftables)`
    }
  }
  return undefined
}

export interface LabNode {
  name: string
  ns: string
  dir: string
  author: string
  child: ChildProcess
  /** `meritwalk …` inside the node's namespace against its data dir; stdout, or throws with stderr. */
  cli: (args: string[]) => Promise<{ code: number, stdout: string, stderr: string }>
  json: <T = any>(args: string[]) => Promise<T> // eslint-disable-line @typescript-eslint/no-explicit-any
  stop: () => Promise<void>
}

export class Lab {
  private readonly namespaces: string[] = []
  private readonly nodes: LabNode[] = []
  private root = ''
  readonly prefix = `mw11-${process.pid}-`

  async init (): Promise<void> {
    this.root = await mkdtemp(join(tmpdir(), 'mw-lab-'))
  }

  /** A new namespace with loopback up; returns its full name. */
  ns (name: string): string {
    const ns = this.prefix + name
    sh('ip', ['netns', 'add', ns])
    this.namespaces.push(ns)
    sh('ip', ['-n', ns, 'link', 'set', 'lo', 'up'])
    return ns
  }

  /** A veth pair: `aIf` in namespace `a`, `bIf` in `b`, both up; addresses optional (CIDR). */
  link (a: string, aIf: string, b: string, bIf: string, aAddr?: string, bAddr?: string): void {
    sh('ip', ['-n', a, 'link', 'add', aIf, 'type', 'veth', 'peer', 'name', bIf, 'netns', b])
    for (const [ns, ifname, addr] of [[a, aIf, aAddr], [b, bIf, bAddr]] as const) {
      if (addr !== undefined) sh('ip', ['-n', ns, 'addr', 'add', addr, 'dev', ifname])
      sh('ip', ['-n', ns, 'link', 'set', ifname, 'up'])
    }
  }

  /** A bridge `br` in namespace `ns` (multicast flooded, as a home switch does). */
  bridge (ns: string, ifname = 'sw'): void {
    sh('ip', ['-n', ns, 'link', 'add', ifname, 'type', 'bridge', 'mcast_snooping', '0'])
    sh('ip', ['-n', ns, 'link', 'set', ifname, 'up'])
  }

  enslave (ns: string, ifname: string, bridge = 'sw'): void {
    sh('ip', ['-n', ns, 'link', 'set', ifname, 'master', bridge])
  }

  /**
   * Make `ns` a NAT router: forwarding on, masquerade out of `wan` (with `random` the source
   * port of every mapping is randomised), unsolicited inbound from `wan` dropped, and
   * optional port forwards `wanPort → lanHost:lanPort`.
   */
  router (ns: string, opts: { random?: boolean, forwards?: Array<{ port: number, to: string }> } = {}): void {
    sh('ip', ['netns', 'exec', ns, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1'])
    const forwards = opts.forwards ?? []
    const rules = [
      'table ip lab {',
      '  chain pre {',
      '    type nat hook prerouting priority -100;',
      ...forwards.map(f => `    iifname "wan" tcp dport ${f.port} dnat to ${f.to}:${f.port}`),
      '  }',
      '  chain post {',
      '    type nat hook postrouting priority 100;',
      `    oifname "wan" masquerade${opts.random === true ? ' random,fully-random' : ''}`,
      '  }',
      '  chain forward_filter {',
      '    type filter hook forward priority 0; policy drop;',
      '    ct state established,related accept',
      '    iifname != "wan" accept',
      ...forwards.map(f => `    iifname "wan" ip daddr ${f.to} tcp dport ${f.port} accept`),
      '  }',
      '}'
    ].join('\n') + '\n'
    execFileSync('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], { input: rules })
  }

  route (ns: string, ...args: string[]): void {
    sh('ip', ['-n', ns, 'route', 'add', ...args])
  }

  /**
   * `meritwalk init` + config.json + `meritwalk start` in namespace `ns`, listening on
   * 0.0.0.0:4001 (so on the namespace's own addresses only). Resolves once the RPC is up.
   */
  async node (name: string, ns: string, opts: { namespace: string, bootstrap?: string[], config?: Record<string, unknown> }): Promise<LabNode> {
    const dir = join(this.root, name)
    const cli = async (args: string[]): Promise<{ code: number, stdout: string, stderr: string }> => await run(ns, [...args, '--data-dir', dir])
    const init = await cli(['init', '--namespace', opts.namespace, '--listen', '/ip4/0.0.0.0/tcp/4001', '--rpc', '127.0.0.1:7717',
      ...(opts.bootstrap ?? []).flatMap(b => ['--bootstrap', b])])
    if (init.code !== 0) throw new Error(`init ${name}: ${init.stderr}`)
    if (opts.config !== undefined) {
      const { readFile } = await import('node:fs/promises')
      const file = dataPaths(dir).config
      const current = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>
      await writeFile(file, JSON.stringify({ ...current, ...opts.config }, null, 2))
    }
    const author = (await loadIdentity(dir)).author
    // MW_LAB_LOG=<level> keeps each daemon's log (stderr) in $TMPDIR/mw-lab-logs/<name>.log.
    const level = process.env.MW_LAB_LOG
    let logFile: 'pipe' | number = 'pipe'
    if (level !== undefined) {
      const logs = join(tmpdir(), 'mw-lab-logs')
      await mkdir(logs, { recursive: true })
      logFile = (await open(join(logs, `${this.prefix}${name}.log`), 'w')).fd
    }
    const child = spawn('ip', ['netns', 'exec', ns, 'node', 'cli/bin.js', 'start', '--data-dir', dir, '--log-level', level ?? 'warn'], { stdio: ['ignore', 'ignore', logFile] })
    let err = ''
    child.stderr?.on('data', (c: Buffer) => { err += c.toString() })
    const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
    const deadline = Date.now() + 180_000
    while ((await readRpcAddress(dir).catch(() => undefined))?.pid !== child.pid) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL')
        throw new Error(`daemon ${name} did not start: ${err}`)
      }
      await new Promise(resolve => setTimeout(resolve, 200))
    }
    const node: LabNode = {
      name,
      ns,
      dir,
      author,
      child,
      cli,
      json: async (args) => {
        const r = await cli([...args, '--json'])
        if (r.code !== 0) throw new Error(`${name}: meritwalk ${args.join(' ')} failed (${r.code}): ${r.stderr}`)
        return JSON.parse(r.stdout)
      },
      stop: async () => {
        if (child.exitCode === null) child.kill('SIGINT')
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
        await exited
        clearTimeout(timer)
      }
    }
    this.nodes.push(node)
    return node
  }

  /** Stop every daemon and delete every namespace (safe to call after any failure). */
  async close (): Promise<void> {
    await Promise.allSettled(this.nodes.map(async n => { await n.stop() }))
    for (const ns of this.namespaces.reverse()) {
      try {
        sh('ip', ['netns', 'del', ns])
      } catch (err) {
        // Keep removing the others; a namespace that will not go is reported, not fatal.
        console.warn(`could not delete network namespace ${ns}: ${(err as Error).message}`)
      }
    }
    if (this.root !== '') await rm(this.root, { recursive: true, force: true })
  }
}

function sh (cmd: string, args: string[]): void {
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] })
}

async function run (ns: string, args: string[]): Promise<{ code: number, stdout: string, stderr: string }> {
  return await new Promise(resolve => {
    const child = spawn('ip', ['netns', 'exec', ns, 'node', 'cli/bin.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString() })
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString() })
    child.once('exit', code => resolve({ code: code ?? 1, stdout, stderr }))
  })
}

/** The namespaces of {@link homeNetwork}, by host name. */
export interface HomeNetwork { inet: string, pub: string, a: string, a2: string, b: string, c: string }

/** The public relay's address on the simulated internet; B's router forwards this port to B. */
export const PUBLIC_IP = '198.20.0.10'
export const B_ANNOUNCE = '/ip4/198.20.0.2/tcp/4001'

/**
 * The lab's standard topology (namespaces and links only; the caller starts the nodes):
 *
 *   pub (198.20.0.10)
 *        │ inet bridge (198.20.0.0/24)
 *   ┌────┴──────────────┬──────────────────────┐
 *   rA (masquerade)     rB (masquerade,         rC (masquerade random:
 *   │ LAN bridge        │  port 4001 forwarded)  │  ports randomised)
 *   A 10.1.0.2, A2 .3   B 10.2.0.2              C 10.3.0.2
 */
export function homeNetwork (lab: Lab): HomeNetwork {
  const inet = lab.ns('inet')
  lab.bridge(inet)
  const pub = lab.ns('pub')
  lab.link(pub, 'eth0', inet, 'p0', `${PUBLIC_IP}/24`)
  lab.enslave(inet, 'p0')
  const homes: Array<[string, number, Parameters<Lab['router']>[1]]> = [
    ['a', 1, {}],
    ['b', 2, { forwards: [{ port: 4001, to: '10.2.0.2' }] }],
    ['c', 3, { random: true }]
  ]
  const hosts: Record<string, string> = {}
  for (const [h, i, nat] of homes) {
    const r = lab.ns(`r${h}`)
    lab.link(r, 'wan', inet, `${h}0`, `198.20.0.${i}/24`)
    lab.enslave(inet, `${h}0`)
    lab.bridge(r)
    sh('ip', ['-n', r, 'addr', 'add', `10.${i}.0.1/24`, 'dev', 'sw'])
    lab.router(r, nat)
    for (const [n, host] of h === 'a' ? [['a', 2], ['a2', 3]] as const : [[h, 2]] as const) {
      const ns = lab.ns(n)
      lab.link(ns, 'eth0', r, `l${n}`, `10.${i}.0.${host}/24`)
      lab.enslave(r, `l${n}`)
      lab.route(ns, 'default', 'via', `10.${i}.0.1`)
      hosts[n] = ns
    }
  }
  return { inet, pub, a: hosts.a, a2: hosts.a2, b: hosts.b, c: hosts.c }
}

/** Bytes a namespace's interface has received and sent (the kernel's counters). */
export function interfaceBytes (ns: string, ifname: string): { rx: number, tx: number } {
  const out = execFileSync('ip', ['-n', ns, '-s', '-j', 'link', 'show', ifname], { encoding: 'utf8' })
  const stats = (JSON.parse(out) as Array<{ stats64: { rx: { bytes: number }, tx: { bytes: number } } }>)[0].stats64
  return { rx: stats.rx.bytes, tx: stats.tx.bytes }
}

/** Poll `check` until it returns a value, or throw naming `what`. */
export async function until<T> (what: string, check: () => Promise<T | undefined>, ms = 60_000, everyMs = 1000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const v = await check().catch(() => undefined)
    if (v !== undefined) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, everyMs))
  }
}
