/** Drive the real `meritwalk` binary: one-shot commands and foreground daemons as child processes. */
import { execFile, spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { dataPaths } from '../../src/config.js'
import { readRpcAddress } from '../../node/rpc/token.js'

export interface Run { code: number, stdout: string, stderr: string }

/** `node cli/bin.js …args`; never throws on a non-zero exit. */
export async function mw (args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<Run> {
  const fullEnv: NodeJS.ProcessEnv = { ...process.env, ...env }
  // Only what the test says: a stray MERITWALK_DATA_DIR must not point commands elsewhere.
  if (env.MERITWALK_DATA_DIR === undefined) delete fullEnv.MERITWALK_DATA_DIR
  return await new Promise(resolve => {
    execFile('node', ['cli/bin.js', ...args], { env: fullEnv, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1
      resolve({ code, stdout, stderr })
    })
  })
}

/** Parse stdout of a --json command, failing loudly with stderr when it is not JSON. */
export function json<T = any> (r: Run): T { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (r.code !== 0) throw new Error(`command failed (${r.code}): ${r.stderr}`)
  return JSON.parse(r.stdout) as T
}

export interface RunningNode { dataDir: string, child: ChildProcess, stderr: () => string, stop: () => Promise<number | null> }

/** `meritwalk start` on free ports; resolves once the daemon has published its RPC address. */
export async function startNode (dataDir: string, extra: string[] = []): Promise<RunningNode> {
  const child = spawn('node', ['cli/bin.js', 'start', '--data-dir', dataDir, '--rpc', '127.0.0.1:0', '--listen', '/ip4/127.0.0.1/tcp/0', '--log-level', 'warn', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] })
  let err = ''
  child.stderr?.on('data', (c: Buffer) => { err += c.toString() })
  child.stdout?.resume()
  const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)))
  const deadline = Date.now() + 45_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`daemon exited with ${child.exitCode}: ${err}`)
    // Only this child's address counts: a daemon killed earlier may have left its rpc.json.
    if ((await readRpcAddress(dataDir).catch(() => undefined))?.pid === child.pid) break
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`daemon did not publish its RPC address in time: ${err}`)
    }
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  return {
    dataDir,
    child,
    stderr: () => err,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGINT')
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      const code = await exited
      clearTimeout(timer)
      return code
    }
  }
}

export async function rpcPort (dataDir: string): Promise<number> {
  return (JSON.parse(await readFile(dataPaths(dataDir).rpcAddress, 'utf8')) as { port: number }).port
}

/** Poll `check` until it returns a value (not undefined) or the time is up. */
export async function eventually<T> (check: () => Promise<T | undefined>, ms = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const v = await check()
    if (v !== undefined) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 300))
  }
}
