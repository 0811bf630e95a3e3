/**
 * The web UI's figures: bundle size (gzipped, without and with the graph view), first
 * paint of the recommendations page against a local daemon (the demo community), and the
 * graph view with PEOPLE people and EDGES trust edges — when rank.network answers, when the
 * whole graph is drawn and can be panned (the layout keeps running in its worker), when the
 * layout has settled, and the frame rate while dragging the graph with the mouse. Headless Debian chromium (software WebGL:
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
 * Frames the page presents per second while the person pans by dragging the graph with the
 * mouse for `ms` (sigma's own drag handling, as a person pans; its hide-on-move settings
 * apply). Frames are counted with requestAnimationFrame, which runs once per frame the main
 * thread gets to. Page scripts are strings: tsx's name-keeping helper does not exist in the page.
 */
async function dragFps (page: Page, ms: number): Promise<number> {
  const box = await page.locator('#graph').boundingBox()
  if (box === null) throw new Error('no graph container')
  const cx = box.x + box.width / 2
  const cy = box.y + box.height / 2
  await page.evaluate(`(() => {
    window.__frames = 0
    window.__counting = true
    const tick = () => { if (window.__counting) { window.__frames++; requestAnimationFrame(tick) } }
    requestAnimationFrame(tick)
  })()`)
  await page.mouse.move(cx, cy)
  await page.mouse.down()
  const t0 = Date.now()
  for (let k = 0; Date.now() - t0 < ms; k++) {
    await page.mouse.move(cx + 120 * Math.sin(k / 10), cy + 80 * Math.cos(k / 10))
  }
  const elapsed = Date.now() - t0
  await page.mouse.up()
  const frames = await page.evaluate('(() => { window.__counting = false; return window.__frames })()') as number
  // A big graph is drawn as an overview during the drag: the whole graph must be back after it.
  if (!await page.evaluate(() => window.meritwalk?.sigma.getGraph() === window.meritwalk?.graph)) throw new Error('the whole graph was not drawn again after the drag')
  return frames / (elapsed / 1000)
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
    const asked: number[] = []
    const answered: number[] = []
    const drawn: number[] = []
    const settled: number[] = []
    const fps: number[] = []
    const fpsAfter: number[] = []
    for (let r = 0; r < RUNS; r++) {
      await page.goto('about:blank')
      await page.goto(`${f.base}/ui/#/network?limit=${PEOPLE}`)
      await page.waitForFunction(n => (window.meritwalk?.graph.order ?? 0) >= n && window.meritwalk?.times.drawn !== undefined, net.people.length, { timeout: 120_000 })
      const times = await page.evaluate(() => window.meritwalk?.times)
      asked.push(times?.asked ?? NaN)
      answered.push(times?.answered ?? NaN)
      drawn.push(times?.drawn ?? NaN)
      fps.push(await dragFps(page, 3000))
      await page.waitForFunction(() => window.meritwalk?.layout.settledAt !== undefined, undefined, { timeout: 300_000 })
      settled.push(await page.evaluate(() => window.meritwalk?.layout.settledAt ?? NaN))
      fpsAfter.push(await dragFps(page, 3000))
    }
    const ms = (xs: number[]): string => `${median(xs).toFixed(0)} ms`
    console.log(`graph view, ${net.people.length} people / ${net.edges.length} edges (times after navigation start): rank.network asked ${ms(asked)}, answered ${ms(answered)} (${(median(answered) - median(asked)).toFixed(0)} ms); whole graph drawn and pannable ${ms(drawn)} (target ≤ 2000 ms: ${(median(drawn) / 2000).toFixed(2)}×); layout settled (ForceAtlas2 in the worker) ${ms(settled)}`)
    console.log(`dragging the graph while the layout runs: ${median(fps).toFixed(1)} fps (target ≥ 30: ${(median(fps) / 30).toFixed(2)}×); after it settled: ${median(fpsAfter).toFixed(1)} fps (${(median(fpsAfter) / 30).toFixed(2)}×)`)
    console.log(`runs: drawn ${drawn.map(x => x.toFixed(0)).join(', ')} ms; fps while laying out ${fps.map(x => x.toFixed(1)).join(', ')}; after ${fpsAfter.map(x => x.toFixed(1)).join(', ')}`)
  } finally {
    await f.close()
  }
}
