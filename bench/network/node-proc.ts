/**
 * One meritwalk daemon in its own process, driven by JSON lines on stdin (for
 * bench/network.ts, so each node has its own event loop as in a real deployment).
 * Commands: {cmd:'connect', addr} · {cmd:'wait', count, timeoutMs?} (answers when the
 * store holds `count` records, with the wall-clock time) · {cmd:'status'} · {cmd:'cpu'} (process CPU
 * time, µs) · {cmd:'stop'}.
 * argv: <dataDir> [pageSize]
 */
import '../../src/polyfill.js'
import { createInterface } from 'node:readline'
import pino from 'pino'
import { defaultConfig } from '../../src/config.js'
import { startDaemon } from '../../node/index.js'

const [dir, pageSize] = process.argv.slice(2)
const base = defaultConfig(dir)
const daemon = await startDaemon({
  ...base,
  listen: ['/ip4/127.0.0.1/tcp/0'],
  logLevel: 'warn',
  sync: { ...base.sync, intervalMs: 600_000, pageSize: Number(pageSize ?? base.sync.pageSize) }
}, { logger: pino({ level: 'warn' }, pino.destination(2)) })

const say = (o: object): void => { process.stdout.write(JSON.stringify(o) + '\n') }
say({ ready: true, ego: daemon.ego, multiaddrs: daemon.multiaddrs() })

for await (const line of createInterface({ input: process.stdin })) {
  const m = JSON.parse(line) as { cmd: string, addr?: string, count?: number, timeoutMs?: number }
  switch (m.cmd) {
    case 'connect':
      await daemon.connect(m.addr ?? '')
      say({ ok: true })
      break
    case 'wait': {
      const deadline = Date.now() + (m.timeoutMs ?? 600_000)
      while (daemon.store.count() < (m.count ?? 0) && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 2))
      say(daemon.store.count() >= (m.count ?? 0) ? { ok: true, at: Date.now() } : { ok: false })
      break
    }
    case 'status':
      say(daemon.status())
      break
    case 'cpu': {
      const { user, system } = process.cpuUsage()
      say({ us: user + system })
      break
    }
    case 'stop':
      await daemon.stop()
      say({ ok: true })
      process.exit(0)
  }
}
