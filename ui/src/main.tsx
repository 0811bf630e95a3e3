/**
 * The meritwalk web UI: a shell with one page per hash route. The graph view (sigma.js
 * and the layout worker) and the import (the history parsers, csv-parse) are separate
 * chunks, loaded the first time they are opened.
 */
import { render } from 'preact'
import { lazy, Suspense } from 'preact/compat'
import { useEffect, useState } from 'preact/hooks'
import { call, RpcError, shortId } from './api.js'
import { NodePage } from './pages/Node.js'
import { RecommendationsPage } from './pages/Recommendations.js'
import { ReputationPage } from './pages/Reputation.js'
import { YouPage } from './pages/You.js'
import './style.css'

const NetworkPage = lazy(async () => (await import('./pages/Network.js')).NetworkPage)
const ImportPage = lazy(async () => (await import('./pages/Import.js')).ImportPage)

const PAGES = [
  { route: 'recommendations', label: 'Recommendations' },
  { route: 'network', label: 'Trust network' },
  { route: 'reputation', label: 'Reputation' },
  { route: 'import', label: 'Import' },
  { route: 'node', label: 'Node' },
  { route: 'you', label: 'You' }
] as const
type Route = typeof PAGES[number]['route']

function currentRoute (): Route {
  const r = location.hash.replace(/^#\/?/, '').split(/[/?]/)[0]
  return PAGES.find(p => p.route === r)?.route ?? 'recommendations'
}

function App () {
  const [route, setRoute] = useState<Route>(currentRoute())
  const [me, setMe] = useState<{ author: string, displayName?: string | null } | { error: string, code: string } | undefined>()
  useEffect(() => {
    const onHash = (): void => setRoute(currentRoute())
    addEventListener('hashchange', onHash)
    call('node.identity').then(setMe, (err: Error) => setMe({ error: err.message, code: err instanceof RpcError ? err.code : '' }))
    return () => removeEventListener('hashchange', onHash)
  }, [])
  useEffect(() => {
    document.title = `meritwalk · ${PAGES.find(p => p.route === route)?.label ?? ''}`
    document.querySelector<HTMLElement>('main h1')?.focus()
  }, [route, me])
  if (me === undefined) return <p class='center'>Connecting to the node…</p>
  if ('error' in me) {
    return (
      <main class='center' id='login-needed'>
        <h1>Not logged in</h1>
        <p>{me.code === 'UNAUTHORIZED' ? 'This browser has no session with the node.' : me.error}</p>
        <p>Run <code>meritwalk ui --open</code> (or <code>npm run demo</code>) for a one-time login link.</p>
      </main>
    )
  }
  return (
    <>
      <header>
        <span class='brand'>meritwalk</span>
        <nav aria-label='pages'>
          {PAGES.map(p => <a href={`#/${p.route}`} aria-current={p.route === route ? 'page' : undefined}>{p.label}</a>)}
        </nav>
        <span class='me' title={me.author}>you: {me.displayName ?? shortId(me.author)}</span>
      </header>
      <main>
        {route === 'recommendations' && <RecommendationsPage ego={me.author} />}
        {route === 'network' && <Suspense fallback={<p>Loading the graph view…</p>}><NetworkPage ego={me.author} /></Suspense>}
        {route === 'reputation' && <ReputationPage />}
        {route === 'import' && <Suspense fallback={<p>Loading…</p>}><ImportPage /></Suspense>}
        {route === 'node' && <NodePage />}
        {route === 'you' && <YouPage />}
      </main>
    </>
  )
}

render(<App />, document.getElementById('app') as HTMLElement)
