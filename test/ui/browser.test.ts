/// <reference lib="dom" />
/**
 * The web UI end to end in headless Chromium against a real daemon seeded with a small
 * community and a Sybil attack: the one-time login, recommendations with explanations,
 * live re-ranking after a trust change, the trust graph drawn by sigma.js, trust from the
 * graph, a CSV import by drag-and-drop with its progress, the node page; and the refusals
 * (foreign Origin, missing CSRF token, a login URL used twice). Screenshots of each page
 * go to .tmp/ui-screenshots/ (git-ignored) as test artefacts.
 */
import { execFile } from 'node:child_process'
import { mkdir } from 'node:fs/promises'
import { promisify } from 'node:util'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RpcClient } from '../../node/rpc/client.js'
import type {} from '../../ui/src/handles.js'
import { countListens, parseListens } from '../../cli/listens/index.js'
import { RADIOHEAD_MBID, lastfmCsv, listenBrainzExport } from '../import/samples.js'
import { startUiFixture } from './fixture.js'
import type { UiFixture } from './fixture.js'

const run = promisify(execFile)
const SHOTS = '.tmp/ui-screenshots'

let f: UiFixture
let page: Page
let rpc: RpcClient

beforeAll(async () => {
  f = await startUiFixture()
  rpc = new RpcClient({ address: f.base.slice('http://'.length), token: f.token })
  page = await f.browser.newPage()
  await mkdir(SHOTS, { recursive: true })
}, 60_000)

afterAll(async () => {
  rpc?.close()
  await f?.close()
})

const titles = async (): Promise<string[]> => await page.locator('.rec .title').allTextContents()

describe('web UI in Chromium', () => {
  it('logs in through the one-time URL and shows recommendations with their reasons', async () => {
    const url = await f.loginUrl()
    const res = await page.goto(url)
    expect(res?.status()).toBe(200)
    expect(page.url()).toBe(`${f.base}/ui/#/recommendations`)
    const cookies = await f.browser.cookies(f.base)
    const session = cookies.find(c => c.name === 'meritwalk_session')
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' })
    await page.locator('.rec').first().waitFor()
    const expected = await rpc.call('rank.recommend', { limit: 20, explain: true })
    expect(await titles()).toEqual(expected.map(r => r.title ?? r.item))
    // Each reason names the trusted people the item came through, with their reputation.
    const why = await page.locator('.rec .why').first().textContent()
    expect(why).toMatch(/Because of .+\(\d+%, reputation -?\d\.\d{4}\)/)
    expect(await page.locator('.rec .why .person').count()).toBeGreaterThan(0)
    // The Sybil spam stays out of the defended ranking.
    expect((await titles()).filter(t => t.startsWith('SPAM'))).toEqual([])
    await page.screenshot({ path: `${SHOTS}/recommendations.png` })

    // The same URL a second time: refused.
    const again = await f.browser.request.get(url, { maxRedirects: 0 })
    expect(again.status()).toBe(403)
    expect(await again.text()).toMatch(/already used or has expired/)
  })

  it('re-ranks live when the person trusts someone new (pushed over the event stream)', async () => {
    const before = await titles()
    const me = f.daemon.ego
    const own = f.daemon.edges.trust(me)
    const score = new Map((await rpc.call('rank.reputation', { limit: 1000 })).map(r => [r.author, r.score]))
    // The honest member the person's trust reaches least, not trusted yet: a new friend.
    const [stranger] = f.community.members
      .filter(m => m.role === 'honest' && m.identity.author !== me && !own.has(m.identity.author))
      .sort((a, b) => (score.get(a.identity.author) ?? 0) - (score.get(b.identity.author) ?? 0))
    await run(process.execPath, ['cli/bin.js', 'trust', stranger.identity.author, '--data-dir', f.dataDir])
    await expect.poll(titles, { timeout: 30_000 }).not.toEqual(before)
    const expected = await rpc.call('rank.recommend', { limit: 20 })
    await expect.poll(titles, { timeout: 15_000 }).toEqual(expected.map(r => r.title ?? r.item))
  })

  it('hides an item with "Not interested" and "Mute", each undoable', async () => {
    const first = page.locator('.rec').first()
    const item = await first.getAttribute('data-item') as string
    const title = await first.locator('.title').textContent() as string
    await first.getByRole('button', { name: 'Not interested' }).click()
    await expect.poll(titles).not.toContain(title)
    expect((await rpc.call('controls.list')).notInterested.map(c => c.item)).toEqual([item])
    await page.getByRole('button', { name: 'Undo' }).click()
    await expect.poll(titles).toContain(title)
    await page.locator(`.rec[data-item="${item}"]`).getByRole('button', { name: 'Mute' }).click()
    await expect.poll(titles).not.toContain(title)
    expect((await rpc.call('controls.list')).mutedItems.map(c => c.item)).toEqual([item])
  })

  it('draws the trust network with sigma.js and trusts a person from it', async () => {
    const net = await rpc.call('rank.network', { limit: 500 })
    await page.goto(`${f.base}/ui/#/network`)
    await page.waitForFunction(() => window.meritwalk !== undefined)
    const drawn = await page.evaluate(() => ({ nodes: window.meritwalk?.graph.order, edges: window.meritwalk?.graph.size }))
    expect(drawn).toEqual({ nodes: net.people.length, edges: net.edges.length })
    // The Sybil region shows as reached only through the rogue friend (connectivity decay).
    const attacker = f.community.members.find(m => m.role === 'attacker')?.identity.author
    const sybils = new Set(f.community.members.filter(m => m.role === 'sybil').map(m => m.identity.author))
    const decayed = net.people.filter(p => sybils.has(p.author))
    expect(decayed.length).toBeGreaterThan(0)
    for (const p of decayed) expect(p.gatekeeper).toBe(attacker)
    // The canvas is not blank: many distinct colours on the stage once the layout settled.
    await page.waitForFunction(() => window.meritwalk?.layout.settledAt !== undefined, undefined, { timeout: 20_000 })
    const colours = await page.evaluate(() => {
      const m = window.meritwalk
      if (m === undefined) return 0
      m.sigma.refresh()
      const src = m.sigma.getStageCanvas()
      const c = document.createElement('canvas')
      c.width = src.width
      c.height = src.height
      const ctx = c.getContext('2d') as CanvasRenderingContext2D
      ctx.drawImage(src, 0, 0)
      const px = ctx.getImageData(0, 0, c.width, c.height).data
      const seen = new Set<number>()
      for (let i = 0; i < px.length; i += 4 * 7) if (px[i + 3] > 0) seen.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2])
      return seen.size
    })
    expect(colours).toBeGreaterThan(5)
    await page.screenshot({ path: `${SHOTS}/network.png` })
    // Keyboard: the canvas takes focus; + zooms in, 0 fits again.
    const ratio = async (): Promise<number> => await page.evaluate(() => window.meritwalk?.sigma.getCamera().ratio ?? NaN)
    const fitted = await ratio()
    await page.focus('#graph')
    await page.keyboard.press('+')
    await expect.poll(ratio).toBeLessThan(fitted)
    await page.keyboard.press('0')
    await expect.poll(ratio).toBeCloseTo(fitted, 6)

    // Find a Sybil by search, read its panel, and distrust it from there.
    const sybil = decayed[0].author
    await page.fill('#person-search', sybil)
    await page.press('#person-search', 'Enter')
    await expect.poll(async () => await page.locator('#person-score').textContent()).toMatch(/^-?\d\.\d{4}$/)
    await expect.poll(async () => await page.locator('.person-panel dd').nth(2).textContent()).toMatch(/\S/)
    // With a weight, as `meritwalk distrust <author> 0.5`.
    await page.fill('#trust-weight', '0.5')
    await page.getByRole('button', { name: 'Distrust' }).click()
    await expect.poll(async () => await page.locator('#person-trust').textContent()).toBe('-0.5')
    expect(f.daemon.edges.trust(f.daemon.ego).get(sybil)).toBe(-0.5)
    // Give them a petname there: the panel, the graph's label and the reputation table show it.
    await page.fill('#petname', 'the sybil')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect.poll(async () => await page.locator('.person-panel h2').textContent()).toBe('the sybil')
    expect(f.daemon.controls.petname(sybil)).toBe('the sybil')
    await expect.poll(async () => await page.evaluate(a => window.meritwalk?.graph.getNodeAttribute(a, 'label'), sybil)).toBe('the sybil')
    await page.screenshot({ path: `${SHOTS}/network-person.png` })
  })

  it('imports a dropped CSV with a progress bar that reaches the end', async () => {
    await page.goto(`${f.base}/ui/#/import`)
    const rows = 2500 // three social.interactMany batches
    const csv = 'item,count,title\n' + Array.from({ length: rows }, (_, i) => `test:item:${i},${1 + (i % 7)},Imported ${i}`).join('\n')
    const drop = await page.evaluateHandle(text => {
      const dt = new DataTransfer()
      dt.items.add(new File([text], 'plays.csv', { type: 'text/csv' }))
      return dt
    }, csv)
    await page.dispatchEvent('.drop', 'drop', { dataTransfer: drop })
    await page.locator('#import-done').waitFor({ timeout: 20_000 })
    expect(await page.locator('#import-count').textContent()).toBe(`${rows} / ${rows} items`)
    expect([await page.locator('#import-progress').getAttribute('value'), await page.locator('#import-progress').getAttribute('max')]).toEqual([String(rows), String(rows)])
    const own = f.daemon.edges.interactions(f.daemon.ego)
    expect(own.get('test:item:0')).toBe(1)
    expect(own.get(`test:item:${rows - 1}`)).toBe(1 + ((rows - 1) % 7))
    await page.screenshot({ path: `${SHOTS}/import.png` })
  })

  it('imports a service export with the CLI\'s parser (Last.fm CSV per track, ListenBrainz per artist) and refuses a bad file unchanged', async () => {
    await page.goto(`${f.base}/ui/#/import`)
    const drop = async (name: string, text: string): Promise<void> => {
      const dt = await page.evaluateHandle(([n, t]) => {
        const d = new DataTransfer()
        d.items.add(new File([t], n))
        return d
      }, [name, text])
      await page.dispatchEvent('.drop', 'drop', { dataTransfer: dt })
    }
    await page.selectOption('#import-level', 'track')
    await drop('scrobbles.csv', lastfmCsv())
    await page.locator('#import-done').waitFor({ timeout: 20_000 })
    // 4 scrobbles, 3 distinct tracks (Björk's two differ), counted as `meritwalk import --level track` counts them.
    const expected = countListens(parseListens('lastfm', lastfmCsv(), 'f').listens, 'track')
    expect(await page.locator('#import-count').textContent()).toBe(`${expected.length} / ${expected.length} tracks`)
    const own = f.daemon.edges.interactions(f.daemon.ego)
    for (const c of expected) expect(own.get(c.item)).toBe(c.count)

    await page.selectOption('#import-level', 'artist')
    await drop('listens.json', listenBrainzExport())
    await expect.poll(async () => await page.locator('#import-done').textContent(), { timeout: 20_000 }).toMatch(/5 listenbrainz listens/)
    expect(f.daemon.edges.interactions(f.daemon.ego).get(`mbid:artist:${RADIOHEAD_MBID}`)).toBe(3)

    const before = f.daemon.store.count()
    await drop('bad.csv', 'item,count\ntest:item:x,2\nnot an id,3\n')
    await expect.poll(async () => await page.locator('[role=alert]').textContent()).toMatch(/^bad\.csv row 2 needs a namespaced item id/)
    expect(f.daemon.store.count()).toBe(before)
  })

  it('shows the node live and the reputation table', async () => {
    await page.goto(`${f.base}/ui/#/node`)
    const status = await rpc.call('node.status')
    await expect.poll(async () => await page.locator('#signatures').textContent()).toBe(status.signatures)
    await expect.poll(async () => Number((await page.locator('#records').textContent())?.replace(/\D/g, ''))).toBe(f.daemon.store.count())
    await page.screenshot({ path: `${SHOTS}/node.png` })
    await page.goto(`${f.base}/ui/#/reputation`)
    await page.locator('table.rep tbody tr').first().waitFor()
    await page.getByRole('button', { name: /Reputation/ }).click()
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toMatch(/Reputation/)
    // People appear under the person's petnames (names.setPetname, as `meritwalk name` sets them).
    const someone = await page.locator('table.rep tbody tr a').first().getAttribute('title') as string
    await rpc.call('names.setPetname', { author: someone, name: 'Ada' })
    await page.reload()
    await expect.poll(async () => await page.locator(`table.rep tbody a[title="${someone}"]`).first().textContent()).toBe('Ada')
    // The You page: publish a display name (#14's signed profile record), which then heads every page,
    // and undo a mute (`meritwalk unmute`).
    const muted = f.community.members[3].identity.author
    await rpc.call('controls.muteAuthor', { author: muted })
    await page.goto(`${f.base}/ui/#/you`)
    await page.fill('#display-name', 'Grace')
    await page.getByRole('button', { name: 'Publish', exact: true }).click()
    await expect.poll(() => f.daemon.edges.displayName(f.daemon.ego)).toBe('Grace')
    await page.locator(`#muted-people a[title="${muted}"]`).waitFor()
    await page.screenshot({ path: `${SHOTS}/you.png` })
    await page.locator('#muted-people li', { hasText: '' }).filter({ has: page.locator(`a[title="${muted}"]`) }).getByRole('button', { name: 'Unmute' }).click()
    await expect.poll(() => f.daemon.controls.list().mutedAuthors.some(c => c.id === muted)).toBe(false)
    await page.reload()
    await expect.poll(async () => await page.locator('header .me').textContent()).toBe('you: Grace')
    await page.screenshot({ path: `${SHOTS}/reputation.png` })
  })

  it('refuses a foreign Origin and a call without the CSRF token', async () => {
    const body = { jsonrpc: '2.0', id: 1, method: 'social.trust', params: { author: f.community.members[5].identity.author } }
    const csrf = (await f.browser.cookies(f.base)).find(c => c.name === 'meritwalk_csrf')?.value as string
    const foreign = await f.browser.request.post(`${f.base}/`, { data: body, headers: { Origin: 'http://evil.example', 'X-CSRF-Token': csrf } })
    expect(foreign.status()).toBe(403)
    expect((await foreign.json()).error.data.code).toBe('FORBIDDEN_ORIGIN')
    const noToken = await f.browser.request.post(`${f.base}/`, { data: body })
    expect(noToken.status()).toBe(403)
    expect((await noToken.json()).error.data.code).toBe('CSRF_TOKEN')
    const ok = await f.browser.request.post(`${f.base}/`, { data: { ...body, method: 'node.identity', params: {} }, headers: { 'X-CSRF-Token': csrf } })
    expect((await ok.json()).result.author).toBe(f.daemon.ego)
    // Nothing was written by the refused calls.
    expect(f.daemon.edges.trust(f.daemon.ego).has(body.params.author)).toBe(false)
  })
})
