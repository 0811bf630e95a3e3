/**
 * Trust network: the ego's neighbourhood (rank.network) drawn with sigma.js over a
 * graphology graph. People are sized by MeritRank reputation and coloured by the ego's
 * own trust, distrust, and connectivity decay (people reached only through one gatekeeper:
 * the shape a Sybil region takes); edges are sized by weight. ForceAtlas2 runs in a web
 * worker (layout-worker.ts) that streams positions back, so the page stays responsive
 * (pan, zoom, click) while the layout settles. Click a person (or find them with the search box) for their
 * reputation, items and the path from the ego, and to trust, distrust or retract.
 */
import Graph from 'graphology'
import Sigma from 'sigma'
import { useEffect, useRef, useState } from 'preact/hooks'
import { call, learnNames, personName, shortId } from '../api.js'
import type { RpcResult } from '../api.js'
import { formatScore } from '../hooks.js'
import type { LayoutState, ViewTimes } from '../handles.js'
import type { LayoutPause, LayoutProgress, LayoutRequest } from '../layout-worker.js'

type NetworkData = RpcResult<'rank.network'>
type Person = NetworkData['people'][number]

/** Colours that read on both the light and the dark background. */
export const COLOURS = {
  ego: '#2563eb',
  trusted: '#16a34a',
  distrusted: '#dc2626',
  decayed: '#d97706',
  other: '#64748b',
  path: '#a21caf',
  edge: '#94a3b8',
  negativeEdge: '#ef4444'
} as const

function category (p: Person, ego: string): keyof typeof COLOURS {
  if (p.author === ego) return 'ego'
  if (p.trust > 0) return 'trusted'
  if (p.trust < 0) return 'distrusted'
  if (p.gatekeeper !== undefined) return 'decayed'
  return 'other'
}

/**
 * Above this many people the view draws for speed (software WebGL, old laptops): edges and
 * labels hidden while the camera moves, no anti-aliasing, a coarser hover-picking buffer; and
 * while the person drags the graph, sigma draws an overview instead — the ego, the people it
 * trusts or distrusts and the MOVING_PEOPLE of highest reputation, without edges — and the
 * whole graph again when the drag ends. (Drawing cost grows with the people drawn, since every
 * render pass visits each one; hiding people by style would still visit them.)
 */
const BIG_GRAPH = 1000
const MOVING_PEOPLE = 800

/** Sigma's settings for `graph`: its defaults for a small graph, the lighter ones above for a big one. */
function sigmaSettings (graph: Graph): NonNullable<ConstructorParameters<typeof Sigma>[2]>['settings'] {
  const settings = { labelRenderedSizeThreshold: 9, itemSizesReference: 'screen' as const }
  if (graph.order <= BIG_GRAPH) return settings
  return { ...settings, hideEdgesOnMove: true, hideLabelsOnMove: true, antialiasNodes: false, antialiasEdges: false, pickingDownSizingRatio: 4 }
}

/** The people drawn while a big graph is dragged (see BIG_GRAPH), sharing the full graph's attributes. */
function overviewOf (graph: Graph): Graph {
  const overview = new Graph({ type: 'directed' })
  const ranked = graph.filterNodes((_n, a) => a.category === 'other' || a.category === 'decayed')
    .sort((a, b) => (graph.getNodeAttribute(b, 'score') as number) - (graph.getNodeAttribute(a, 'score') as number))
  const minor = new Set(ranked.slice(MOVING_PEOPLE))
  graph.forEachNode((n, a) => { if (!minor.has(n)) overview.addNode(n, { ...a }) })
  return overview
}

/** Positions before the layout: people on rings by category, deterministic (no layout jumps between reloads). */
function initialPosition (i: number, n: number, c: keyof typeof COLOURS): { x: number, y: number } {
  const ring = c === 'ego' ? 0 : c === 'trusted' || c === 'distrusted' ? 1 : c === 'decayed' ? 3 : 2
  const angle = (2 * Math.PI * i) / Math.max(1, n) + ring
  return { x: ring * 10 * Math.cos(angle), y: ring * 10 * Math.sin(angle) }
}

/** Fill (or update) the graph from a rank.network answer, keeping laid-out positions. */
function load (graph: Graph, data: NetworkData): void {
  const keep = new Set(data.people.map(p => p.author))
  graph.forEachNode(n => { if (!keep.has(n)) graph.dropNode(n) })
  const max = Math.max(1e-9, ...data.people.map(p => Math.abs(p.score)))
  data.people.forEach((p, i) => {
    const c = category(p, data.ego)
    const attrs = {
      label: p.author === data.ego ? 'you' : personName(p.author),
      size: p.author === data.ego ? 12 : 3 + 14 * Math.sqrt(Math.max(0, p.score) / max),
      color: COLOURS[c],
      category: c,
      score: p.score,
      trust: p.trust,
      gatekeeper: p.gatekeeper ?? null
    }
    if (graph.hasNode(p.author)) graph.mergeNodeAttributes(p.author, attrs)
    else graph.addNode(p.author, { ...attrs, ...initialPosition(i, data.people.length, c) })
  })
  graph.clearEdges()
  for (const e of data.edges) {
    graph.addDirectedEdge(e.src, e.dst, { weight: e.weight, size: 0.4 + 1.2 * Math.abs(e.weight), color: e.weight < 0 ? COLOURS.negativeEdge : COLOURS.edge })
  }
}

/** Shortest path from the ego over positive trust edges (breadth-first), or undefined. */
function trustPath (graph: Graph, from: string, to: string): string[] | undefined {
  const parent = new Map<string, string>([[from, from]])
  const queue = [from]
  for (let k = 0; k < queue.length; k++) {
    const x = queue[k]
    if (x === to) break
    graph.forEachOutEdge(x, (_e, attrs, _s, y) => {
      if ((attrs.weight as number) > 0 && !parent.has(y)) {
        parent.set(y, x)
        queue.push(y)
      }
    })
  }
  if (!parent.has(to)) return undefined
  const path = [to]
  while (path[0] !== from) path.unshift(parent.get(path[0]) as string)
  return path
}


/**
 * Run ForceAtlas2 on the worker from the graph's current positions over its positive
 * edges; positions stream back into the graph (sigma redraws). Returns the worker.
 */
function runLayout (graph: Graph, state: LayoutState): Worker {
  const index = new Map<string, number>()
  const positions = new Float32Array(2 * graph.order)
  graph.forEachNode((n, a) => {
    const i = index.size
    index.set(n, i)
    positions[2 * i] = a.x as number
    positions[2 * i + 1] = a.y as number
  })
  const pairs: number[] = []
  const weights: number[] = []
  graph.forEachEdge((_e, a, s, t) => {
    if ((a.weight as number) <= 0) return
    pairs.push(index.get(s) as number, index.get(t) as number)
    weights.push(a.weight as number)
  })
  // Enough iterations to settle a few hundred people; Barnes-Hut keeps thousands affordable.
  const request: LayoutRequest = { positions, edges: Uint32Array.from(pairs), weights: Float32Array.from(weights), iterations: graph.order > BIG_GRAPH ? 150 : 400, chunkMs: 250 }
  Object.assign(state, { started: performance.now(), done: 0, total: request.iterations, settledAt: undefined })
  const worker = new Worker(new URL('../layout-worker.ts', import.meta.url), { type: 'module' })
  worker.onmessage = (e: MessageEvent<LayoutProgress>) => {
    const p = e.data.positions
    graph.updateEachNodeAttributes((n, a) => {
      const i = index.get(n)
      return i === undefined || 2 * i >= p.length ? a : { ...a, x: p[2 * i], y: p[2 * i + 1] }
    }, { attributes: ['x', 'y'] })
    state.done = e.data.done
    if (e.data.done >= e.data.total) {
      state.settledAt = performance.now()
      worker.terminate()
    }
  }
  worker.postMessage(request, [request.positions.buffer, request.edges.buffer, request.weights.buffer])
  return worker
}

/**
 * For a big graph (see BIG_GRAPH): from the first move of a drag until the button is released,
 * sigma draws the overview, framed like the whole graph so nothing jumps, and the layout
 * waits (`onDrag`). Returns the cleanup.
 */
function overviewWhileDragging (sigma: Sigma, full: Graph, container: HTMLElement, onDrag: (dragging: boolean) => void): () => void {
  let down = false
  let swapped = false
  const onDown = (): void => { down = true }
  const onMove = (): void => {
    if (!down || swapped) return
    swapped = true
    onDrag(true)
    sigma.setCustomBBox(sigma.getBBox())
    sigma.setGraph(overviewOf(full))
  }
  const onUp = (): void => {
    down = false
    if (!swapped) return
    swapped = false
    sigma.setGraph(full)
    sigma.setCustomBBox(null)
    onDrag(false)
  }
  container.addEventListener('pointerdown', onDown)
  container.addEventListener('pointermove', onMove)
  addEventListener('pointerup', onUp)
  return () => {
    container.removeEventListener('pointerdown', onDown)
    container.removeEventListener('pointermove', onMove)
    removeEventListener('pointerup', onUp)
  }
}

export function NetworkPage ({ ego }: { ego: string }) {
  const container = useRef<HTMLDivElement>(null)
  const view = useRef<{ graph: Graph, sigma: Sigma, layout: LayoutState, worker?: Worker, stopOverview?: () => void } | undefined>(undefined)
  const [data, setData] = useState<NetworkData>()
  const [error, setError] = useState<string>()
  const [selected, setSelected] = useState<string | undefined>(location.hash.split('/')[2])
  const [query, setQuery] = useState('')
  const limit = Number(new URLSearchParams(location.hash.split('?')[1] ?? '').get('limit') ?? 500)

  const times = useRef<ViewTimes>({})

  async function reload (): Promise<void> {
    try {
      times.current.asked ??= performance.now()
      const answer = await call('rank.network', { limit })
      learnNames(answer.people)
      times.current.answered ??= performance.now()
      setData(answer)
    } catch (err) {
      setError((err as Error).message)
    }
  }

  useEffect(() => { void reload() }, [])

  // The renderer and the layout worker live as long as the page.
  useEffect(() => {
    if (data === undefined || container.current === null) return
    let v = view.current
    if (v === undefined) {
      const graph = new Graph({ type: 'directed' })
      load(graph, data)
      // Settings chosen for the size the view opens with.
      const sigma = new Sigma(graph, container.current, { settings: sigmaSettings(graph) })
      const layout: LayoutState = { started: 0, done: 0, total: 0 }
      v = view.current = { graph, sigma, layout, ...(graph.order > BIG_GRAPH ? { stopOverview: overviewWhileDragging(sigma, graph, container.current, pause => view.current?.worker?.postMessage({ pause } satisfies LayoutPause)) } : {}) }
      sigma.on('clickNode', ({ node }) => setSelected(node))
      sigma.on('clickStage', () => setSelected(undefined))
      // The constructor drew the first frame; the next animation frame is when the page can take input again.
      requestAnimationFrame(() => { times.current.drawn ??= performance.now() })
      window.meritwalk = { sigma, graph, layout, times: times.current }
    } else {
      load(v.graph, data)
    }
    v.worker?.terminate()
    v.worker = runLayout(v.graph, v.layout)
  }, [data])

  useEffect(() => () => {
    view.current?.worker?.terminate()
    view.current?.stopOverview?.()
    view.current?.sigma.kill()
    view.current = undefined
    delete window.meritwalk
  }, [])

  // Highlight the selected person and the trust path to them.
  const path = selected !== undefined && view.current?.graph.hasNode(selected) === true ? trustPath(view.current.graph, ego, selected) : undefined
  useEffect(() => {
    const v = view.current
    if (v === undefined) return
    const on = new Set(path ?? (selected !== undefined ? [selected] : []))
    // One update event per kind (not one per person and edge): sigma re-processes once.
    v.graph.updateEachNodeAttributes((n, a) => ({ ...a, color: on.has(n) ? COLOURS.path : COLOURS[a.category as keyof typeof COLOURS] }), { attributes: ['color'] })
    v.graph.updateEachEdgeAttributes((_e, a, s, t) => ({ ...a, color: on.has(s) && on.has(t) && path !== undefined ? COLOURS.path : (a.weight as number) < 0 ? COLOURS.negativeEdge : COLOURS.edge }), { attributes: ['color'] })
    if (selected !== undefined) {
      const at = v.sigma.getNodeDisplayData(selected)
      if (at !== undefined) void v.sigma.getCamera().animate({ x: at.x, y: at.y, ratio: 0.5 }, { duration: 400 })
    }
  }, [selected, data, path?.join()])

  function find (e: Event): void {
    e.preventDefault()
    const q = query.trim().toLowerCase()
    if (q === '' || data === undefined) return
    const hit = data.people.find(p => p.author.toLowerCase() === q) ?? data.people.find(p => personName(p.author).toLowerCase().startsWith(q) || shortId(p.author).toLowerCase().startsWith(q) || p.author.toLowerCase().includes(q))
    if (hit === undefined) setError(`nobody matching “${query}” in this view`)
    else { setError(undefined); setSelected(hit.author) }
  }

  const camera = (): ReturnType<Sigma['getCamera']> | undefined => view.current?.sigma.getCamera()

  /** The canvas from the keyboard: arrows pan, + and − zoom, 0 fits, Escape deselects. */
  function onKey (e: KeyboardEvent): void {
    const c = camera()
    if (c === undefined) return
    const step = 0.1 * c.ratio
    const pan: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] }
    if (e.key in pan) c.setState({ x: c.x + pan[e.key][0], y: c.y + pan[e.key][1] })
    else if (e.key === '+' || e.key === '=') void c.zoomIn()
    else if (e.key === '-') void c.zoomOut()
    else if (e.key === '0') void c.reset()
    else if (e.key === 'Escape') setSelected(undefined)
    else return
    e.preventDefault()
  }
  const counts = data === undefined ? undefined : countBy(data.people.map(p => category(p, data.ego)))

  return (
    <section aria-labelledby='net-h' class='network'>
      <h1 id='net-h' tabIndex={-1}>Trust network</h1>
      <div class='toolbar'>
        <form onSubmit={find} role='search'>
          <label for='person-search'>Find a person</label>
          <input id='person-search' list='people' value={query} onInput={e => setQuery(e.currentTarget.value)} placeholder='id or start of one' />
          <datalist id='people'>{data?.people.slice(0, 500).map(p => <option value={p.author} />)}</datalist>
          <button type='submit'>Find</button>
        </form>
        <span class='zoom'>
          <button type='button' aria-label='zoom in' onClick={() => { void camera()?.zoomIn() }}>+</button>
          <button type='button' aria-label='zoom out' onClick={() => { void camera()?.zoomOut() }}>−</button>
          <button type='button' onClick={() => { void camera()?.reset() }}>Fit</button>
        </span>
      </div>
      {error !== undefined && <p role='alert' class='error'>{error}</p>}
      <ul class='legend' aria-label='legend'>
        {(['ego', 'trusted', 'distrusted', 'decayed', 'other'] as const).map(c => (
          <li key={c}><span class='dot' style={{ background: COLOURS[c] }} />{LEGEND[c]}{counts?.[c] !== undefined ? ` (${counts[c]})` : ''}</li>
        ))}
      </ul>
      <div class='graph-and-panel'>
        <div ref={container} class='graph' id='graph' tabIndex={0} onKeyDown={onKey} role='application' aria-roledescription='graph'
          aria-label={`trust graph of ${data?.people.length ?? 0} people and ${data?.edges.length ?? 0} trust edges; arrows pan, plus and minus zoom, 0 fits; find a person with the search box`} />
        {selected !== undefined && <PersonPanel key={selected} author={selected} ego={ego} path={path} onChanged={() => { void reload() }} onSelect={setSelected} />}
      </div>
    </section>
  )
}

const LEGEND: Record<'ego' | 'trusted' | 'distrusted' | 'decayed' | 'other', string> = {
  ego: 'you',
  trusted: 'you trust',
  distrusted: 'you distrust',
  decayed: 'reached only through one person (connectivity decay)',
  other: 'reached through several people'
}

function countBy<T extends string> (xs: T[]): Partial<Record<T, number>> {
  const out: Partial<Record<T, number>> = {}
  for (const x of xs) out[x] = (out[x] ?? 0) + 1
  return out
}

function PersonPanel ({ author, ego, path, onChanged, onSelect }: { author: string, ego: string, path: string[] | undefined, onChanged: () => void, onSelect: (a: string) => void }) {
  const [person, setPerson] = useState<RpcResult<'rank.person'>>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const [petname, setPetname] = useState<string>()
  // The weight Trust and Distrust sign, in (0, 1] as `meritwalk trust <author> [weight]` takes it.
  const [weight, setWeight] = useState(1)
  const fetchPerson = async (): Promise<void> => {
    const p = await call('rank.person', { author, items: 10 })
    learnNames([p, ...p.trusts])
    setPerson(p)
    setPetname(p.petname ?? '')
  }
  useEffect(() => { fetchPerson().catch((err: Error) => setError(err.message)) }, [author])

  async function act (run: () => Promise<unknown>): Promise<void> {
    setBusy(true)
    setError(undefined)
    try {
      await run()
      await fetchPerson()
      onChanged()
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <aside class='person-panel' aria-label='selected person'>
      <h2 title={author}>{author === ego ? 'You' : personName(author)}</h2>
      <p><code class='wrap'>{author}</code></p>
      {error !== undefined && <p role='alert' class='error'>{error}</p>}
      {person !== undefined && (
        <>
          <dl>
            <dt>Reputation</dt><dd id='person-score'>{formatScore(person.score)}</dd>
            <dt>Your trust</dt><dd id='person-trust'>{person.trust === 0 ? 'none' : person.trust}</dd>
            {person.gatekeeper !== undefined && <><dt>Reached only through</dt><dd><button type='button' class='link' onClick={() => onSelect(person.gatekeeper as string)}>{personName(person.gatekeeper)}</button></dd></>}
            <dt>Trusts</dt><dd>{person.trusts.filter(t => t.weight > 0).length} people{person.trusts.some(t => t.weight < 0) ? `, distrusts ${person.trusts.filter(t => t.weight < 0).length}` : ''}</dd>
            <dt>Path from you</dt>
            <dd>{path === undefined ? 'no trust path in this view' : path.map((p, i) => <span key={p}>{i > 0 && ' → '}<button type='button' class='link' onClick={() => onSelect(p)}>{p === ego ? 'you' : personName(p)}</button></span>)}</dd>
            {person.displayName !== undefined && <><dt>Signs as</dt><dd id='person-display-name'>{person.displayName}</dd></>}
          </dl>
          {author !== ego && (
            <div class='actions'>
              <label class='weight'>weight <input id='trust-weight' type='number' min={0.01} max={1} step={0.05} value={weight} onInput={e => setWeight(Number(e.currentTarget.value))} /></label>
              <button type='button' disabled={busy || !(weight > 0 && weight <= 1)} onClick={() => { void act(async () => await call('social.trust', { author, weight })) }}>Trust</button>
              <button type='button' disabled={busy || !(weight > 0 && weight <= 1)} onClick={() => { void act(async () => await call('social.distrust', { author, weight })) }}>Distrust</button>
              <button type='button' disabled={busy || person.trust === 0} onClick={() => { void act(async () => await call('social.retract', { author })) }}>Retract</button>
              <button type='button' disabled={busy} title='leave their plays out of your ranking (local, not published)' onClick={() => { void act(async () => await call('controls.muteAuthor', { author })) }}>Mute</button>
            </div>
          )}
          {person.impersonates !== undefined && (
            <p class='error' role='note'>Their signed display name looks like your name for {personName(person.impersonates)}, so it is not shown as theirs.</p>
          )}
          {author !== ego && (
            <form class='petname' onSubmit={e => { e.preventDefault(); const name = petname?.trim() ?? ''; void act(async () => await call('names.setPetname', name === '' ? { author } : { author, name })) }}>
              <label for='petname'>Your name for them</label>
              <input id='petname' value={petname ?? ''} maxLength={64} placeholder='a petname, only on this node' onInput={e => setPetname(e.currentTarget.value)} />
              <button type='submit' disabled={busy}>Save</button>
            </form>
          )}
          <h3>Items</h3>
          {person.items.length === 0 ? <p>none</p> : <ol class='items'>{person.items.map(i => <li key={i.item}>{i.title ?? i.item} <span class='muted'>({i.weight})</span></li>)}</ol>}
        </>
      )}
    </aside>
  )
}
