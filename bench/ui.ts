/**
 * The web UI's figures: bundle size (gzipped, without and with the graph view), first
 * paint of the recommendations page against a local daemon (the demo community), and the
 * graph view with PEOPLE people and EDGES trust edges — time until the whole graph is drawn
 * and can be panned (the layout keeps running in its worker), time until the layout has
 * settled, and the frame rate while panning. Headless Debian chromium (software WebGL:
 * SwiftShader, since the flags turn the GPU off) on the shared 2-core machine; medians of
 * RUNS runs, each beside its target as a ratio.
 *
 *   npm run build:ui && npx tsx bench/ui.ts [people=5000] [edges=20000] [runs=3]
 */
import '../src/polyfill.js'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Page } from 'playwright-core'
import type { Daemon } from '../node/index.js'
import { RpcClient } from '../node/rpc/client.js'
import { UI_DIST } from '../node/rpc/ui.js'
import { identityFromSeed, signRecord } from '../src/index.js'
import type { Identity, SignedRecord } from '../src/index.js'
import { createRng } from '../graph/rng.js'
import { startUiFixture } from '../test/ui/fixture.js'
import type {} from '../ui/src/handles.js'

const PEOPLE = Number(process.argv[2] ?? 5000)
const EDGES = Number(process.argv[3] ?? 20_000)
const RUNS = Number(process.argv[4] ?? 3)

function median (xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

async function bundleSizes (): Promise<{ base: number, graph: number, files: Array<[string, number, number]> }> {
  const files: Array<[string, number, number]> = []
  for (const name of ['index.html', ...(await readdir(join(UI_DIST, 'assets'))).map(f => `assets/${f}`)]) {
    const bytes = await readFile(join(UI_DIST, name))
    files.push([name, bytes.length, gzipSync(bytes, { level: 9 }).length])
  }
  const isGraph = (f: string): boolean => /Network-|layout-worker-/.test(f)
  const base = files.filter(([f]) => !isGraph(f)).reduce((s, [, , gz]) => s + gz, 0)
  return { base, graph: base + files.filter(([f]) => isGraph(f)).reduce((s, [, , gz]) => s + gz, 0), files }
}

/** A random trust graph: the ego trusts 50 people, everyone else trusts at random until EDGES. */
async function populateGraph (d: Daemon): Promise<void> {
  const rng = createRng(7)
  const ids: Identity[] = Array.from({ length: PEOPLE - 1 }, (_, i) => {
    const seed = new Uint8Array(32).fill(42)
    new DataView(seed.buffer).setUint32(0, i + 1)
    return identityFromSeed(seed)
  })
  const own = 50
  await d.author.append(ids.slice(0, own).map(p => ({ kind: 'trust' as const, target: p.author, weight: 1 })))
  const out = ids.map(() => new Set<number>())
  for (let e = own; e < EDGES;) {
    const s = rng.int(ids.length)
    const t = rng.int(ids.length)
    if (s === t || out[s].has(t)) continue
    out[s].add(t)
    e++
  }
  const batch: SignedRecord[] = []
  const ts = Date.now()
  ids.forEach((id, s) => {
    let prev: Uint8Array | undefined
    let seq = 0
    for (const t of out[s]) {
      const r = signRecord(id, { seq: ++seq, ts, body: { kind: 'trust', target: ids[t].author, weight: 0.5 + rng.next() / 2 }, ...(prev === undefined ? {} : { prev }) })
      prev = r.hash
      batch.push(r)
    }
  })
  for (let i = 0; i < batch.length; i += 2000) await d.store.append(batch.slice(i, i + 2000))
}

/**
 * Frames drawn in `ms` while the camera pans every frame (sigma redraws each move). A
 * string, not a function: tsx's name-keeping helper does not exist in the page.
 */
async function panFps (page: Page, ms: number): Promise<number> {
  return await page.evaluate(`new Promise(resolve => {
    const camera = window.meritwalk.sigma.getCamera()
    let frames = 0
    const t0 = performance.now()
    const step = t => {
      camera.setState({ x: 0.5 + 0.2 * Math.sin((t - t0) / 300), y: 0.5 + 0.2 * Math.cos((t - t0) / 300) })
      frames++
      if (t - t0 < ${ms}) requestAnimationFrame(step)
      else resolve(frames / ((t - t0) / 1000))
    }
    requestAnimationFrame(step)
  })`)
}

const sizes = await bundleSizes()
console.log(`# web UI bench: node ${process.version}, chromium headless (SwiftShader WebGL), median of ${RUNS} runs\n`)
console.log('| file | bytes | gzipped |\n| --- | ---: | ---: |')
for (const [f, raw, gz] of sizes.files) console.log(`| ${f} | ${raw.toLocaleString('en')} | ${gz.toLocaleString('en')} |`)
console.log(`\nbundle gzipped without the graph view: ${(sizes.base / 1024).toFixed(1)} KB (target ≤ 300 KB: ${(sizes.base / 1024 / 300).toFixed(2)}× the target)`)
console.log(`bundle gzipped with the graph view:    ${(sizes.graph / 1024).toFixed(1)} KB (target ≤ 600 KB: ${(sizes.graph / 1024 / 600).toFixed(2)}× the target)\n`)

{
  const f = await startUiFixture()
  try {
    const page = await f.browser.newPage()
    await page.goto(await f.loginUrl())
    await page.locator('.rec').first().waitFor()
    const paint: number[] = []
    const fcp: number[] = []
    for (let r = 0; r < RUNS; r++) {
      await page.goto('about:blank')
      await page.goto(`${f.base}/ui/#/recommendations`)
      await page.locator('.rec').first().waitFor()
      paint.push(await page.evaluate(() => performance.now()))
      fcp.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN))
    }
    console.log(`recommendations page (${f.community.members.length + 1} people, 20 items with explanations): first contentful paint ${median(fcp).toFixed(0)} ms, recommendations on screen ${median(paint).toFixed(0)} ms after navigation start`)
  } finally {
    await f.close()
  }
}

{
  const t0 = Date.now()
  // Walks enough for MeritRank to reach (nearly) everyone, so the view holds the whole graph.
  const f = await startUiFixture({ populate: populateGraph, configure: c => { c.ranking.walks = 100_000 } })
  try {
    const rpc = new RpcClient({ address: f.base.slice('http://'.length), token: f.token })
    const net = await rpc.call('rank.network', { limit: PEOPLE })
    rpc.close()
    console.log(`\ngraph daemon ready in ${((Date.now() - t0) / 1000).toFixed(1)} s; rank.network answers ${net.people.length} people and ${net.edges.length} trust edges`)
    const page = await f.browser.newPage()
    await page.goto(await f.loginUrl())
    await page.locator('.rec, .hint').first().waitFor()
    const drawn: number[] = []
    const settled: number[] = []
    const fps: number[] = []
    for (let r = 0; r < RUNS; r++) {
      await page.goto('about:blank')
      await page.goto(`${f.base}/ui/#/network?limit=${PEOPLE}`)
      await page.waitForFunction(n => (window.meritwalk?.graph.order ?? 0) >= n, net.people.length, { timeout: 120_000 })
      // Drawn (and pannable) once sigma has rendered a frame of the whole graph.
      drawn.push(await page.evaluate('new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now()))))'))
      fps.push(await panFps(page, 3000))
      await page.waitForFunction(() => window.meritwalk?.layout.settledAt !== undefined, undefined, { timeout: 300_000 })
      settled.push(await page.evaluate(() => window.meritwalk?.layout.settledAt ?? NaN))
    }
    console.log(`graph view, ${net.people.length} people / ${net.edges.length} edges: drawn and pannable ${median(drawn).toFixed(0)} ms after navigation start (target ≤ 2000 ms: ${(median(drawn) / 2000).toFixed(2)}×); layout settled (ForceAtlas2 in the worker) at ${median(settled).toFixed(0)} ms`)
    console.log(`panning while the layout runs: ${median(fps).toFixed(1)} fps (target ≥ 30: ${(median(fps) / 30).toFixed(2)}×)`)
    const after = await panFps(page, 3000)
    console.log(`panning after the layout settled: ${after.toFixed(1)} fps (target ≥ 30: ${(after / 30).toFixed(2)}×)`)
  } finally {
    await f.close()
  }
}
