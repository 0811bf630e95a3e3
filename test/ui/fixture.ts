/**
 * What the web-UI tests run against: a real daemon (RPC + UI plugin, temp data dir,
 * 127.0.0.1) seeded with the demo's community — honest friends and one trusted friend
 * gone rogue with a Sybil mesh pushing spam — with the person copying the model user;
 * and Debian's chromium driven by playwright-core with a fresh profile.
 */
import { execFile } from 'node:child_process'
import { access, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { chromium } from 'playwright-core'
import type { BrowserContext } from 'playwright-core'
import { pino } from 'pino'
import { buildCommunity } from '../../cli/demo/community.js'
import type { Community } from '../../cli/demo/community.js'
import { personBodies } from '../../cli/demo/run.js'
import { startDaemon } from '../../node/index.js'
import type { Daemon } from '../../node/index.js'
import { createToken, readRpcAddress, rpcPlugin } from '../../node/rpc/index.js'
import { UI_DIST } from '../../node/rpc/ui.js'
import { defaultConfig } from '../../src/config.js'
import type { MeritwalkConfig } from '../../src/config.js'

const run = promisify(execFile)

/** Debian's chromium (`.ci/run` installs it). */
export const CHROMIUM = '/usr/bin/chromium'
/**
 * The flags of the project brief, plus SwiftShader: with the GPU off, Chromium gives pages
 * WebGL (which sigma.js draws with) only through its software renderer, now opt-in.
 */
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-swiftshader']

export interface UiFixture {
  daemon: Daemon
  community: Community
  dataDir: string
  base: string
  token: string
  browser: BrowserContext
  /** A fresh one-time login URL, from the real CLI (`meritwalk ui --json`). */
  loginUrl (): Promise<string>
  close (): Promise<void>
}

/** The UI bundle as `npm ci` builds it; built here when a worktree has none yet. */
async function ensureBundle (): Promise<void> {
  try {
    await access(join(UI_DIST, 'index.html'))
  } catch {
    await run('npm', ['run', '--silent', 'build:ui'])
  }
}

/** `populate` replaces the community as the daemon's content and `configure` adjusts its config (the bench's large graph). */
export async function startUiFixture (opts: { populate?: (d: Daemon) => Promise<void>, configure?: (c: MeritwalkConfig) => void } = {}): Promise<UiFixture> {
  await ensureBundle()
  const root = await mkdtemp(join(tmpdir(), 'meritwalk-ui-'))
  const dataDir = join(root, 'node')
  const token = await createToken(dataDir)
  const config = defaultConfig(dataDir)
  config.listen = ['/ip4/127.0.0.1/tcp/0']
  config.rpc = { host: '127.0.0.1', port: 0 }
  config.namespace = 'ui-test'
  opts.configure?.(config)
  const daemon = await startDaemon(config, { logger: pino({ level: 'silent' }), plugins: [rpcPlugin()] })
  let browser: BrowserContext | undefined
  try {
    const community = buildCommunity({ seed: 42 })
    if (opts.populate !== undefined) {
      await opts.populate(daemon)
    } else {
      for (const m of community.members) await daemon.store.append(m.records)
      await daemon.author.append(personBodies(community))
    }
    const address = (await readRpcAddress(dataDir))?.address as string
    browser = await chromium.launchPersistentContext(join(root, 'profile'), {
      executablePath: CHROMIUM,
      args: CHROMIUM_FLAGS,
      headless: true,
      viewport: { width: 1280, height: 860 }
    })
    const b = browser
    return {
      daemon,
      community,
      dataDir,
      base: `http://${address}`,
      token,
      browser: b,
      async loginUrl () {
        const { stdout } = await run(process.execPath, ['cli/bin.js', 'ui', '--json', '--data-dir', dataDir])
        return (JSON.parse(stdout) as { url: string }).url
      },
      async close () {
        await b.close()
        await daemon.stop()
        await rm(root, { recursive: true, force: true })
      }
    }
  } catch (err) {
    await browser?.close()
    await daemon.stop()
    await rm(root, { recursive: true, force: true })
    throw err
  }
}
