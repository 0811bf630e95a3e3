/**
 * Node: health at a glance, live from the daemon's event stream (no polling): peers and
 * how each is connected, sync and gossip activity with rates, records against the storage
 * budget, and the signature backend.
 */
import { useRef } from 'preact/hooks'
import { shortId } from '../api.js'
import type { UiEvents } from '../api.js'
import { useLive } from '../hooks.js'

type Status = UiEvents['status']

/** Per-second rates between two status snapshots (the daemon's clock, not the page's). */
function rates (prev: Status | undefined, cur: Status): Record<string, number> | undefined {
  if (prev === undefined || cur.at <= prev.at) return undefined
  const dt = (cur.at - prev.at) / 1000
  const d = (f: (s: Status) => number): number => (f(cur) - f(prev)) / dt
  return {
    'gossip accepted': d(s => s.counters.gossip.accept),
    'gossip published': d(s => s.counters.gossip.published),
    'gossip ignored': d(s => s.counters.gossip.ignore),
    'gossip rejected': d(s => s.counters.gossip.reject),
    'records from sync': d(s => s.counters.syncRecords),
    'records accepted': d(s => s.counters.accepted)
  }
}

export function NodePage () {
  const status = useLive('status')
  const peers = useLive('peers')
  const history = useRef<{ prev?: Status, cur?: Status, rates?: Record<string, number> }>({})
  if (status !== undefined && status !== history.current.cur) {
    const r = rates(history.current.cur, status)
    history.current = { prev: history.current.cur, cur: status, rates: r ?? history.current.rates }
  }
  if (status === undefined) return <section><h1 tabIndex={-1}>Node</h1><p>Waiting for the node's event stream…</p></section>
  const used = status.records / status.budget.maxTotalRecords
  return (
    <section aria-labelledby='node-h' class='node'>
      <h1 id='node-h' tabIndex={-1}>Node</h1>
      <div class='cards'>
        <dl class='card'>
          <dt>Author</dt><dd title={status.author}><code>{status.author}</code></dd>
          <dt>Namespace</dt><dd>{status.namespace}</dd>
          <dt>Up for</dt><dd>{Math.round(status.uptimeMs / 1000)} s</dd>
          <dt>Signatures</dt><dd id='signatures'>{status.signatures}</dd>
          <dt>Listening on</dt><dd>{status.multiaddrs.map(a => <div><code>{a}</code></div>)}</dd>
        </dl>
        <dl class='card'>
          <dt>Records</dt><dd id='records'>{status.records.toLocaleString()}</dd>
          <dt>Authors</dt><dd>{status.authors.toLocaleString()}</dd>
          <dt>Equivocators</dt><dd>{status.equivocators}</dd>
          <dt>Waiting for a gap</dt><dd>{status.pending}</dd>
          <dt>Storage budget</dt>
          <dd>
            <progress max={1} value={used} aria-label='records stored of the budget' />
            {' '}{(used * 100).toFixed(2)}% of {status.budget.maxTotalRecords.toLocaleString()} records ({status.budget.maxRecordsPerAuthor.toLocaleString()} per author)
          </dd>
          <dt>Ranking graph</dt><dd>{status.graph.users} people, {status.graph.items} items, {status.graph.trustEdges} trust and {status.graph.interactionEdges} interaction edges</dd>
        </dl>
        <dl class='card'>
          <dt>Sync</dt>
          <dd>{status.counters.syncRounds} rounds, {status.counters.syncRecords} records pulled, {status.counters.syncFailures} failed, {status.counters.syncRetries} retried, {status.counters.syncServed} served</dd>
          <dt>Gossip</dt>
          <dd>{status.meshPeers} mesh peers; {status.counters.gossip.accept} accepted, {status.counters.gossip.published} published, {status.counters.gossip.reject} rejected</dd>
          {history.current.rates !== undefined && Object.entries(history.current.rates).map(([k, v]) => <><dt>{k}</dt><dd>{v.toFixed(1)}/s</dd></>)}
        </dl>
      </div>
      <h2>Peers ({peers?.length ?? 0})</h2>
      {peers?.length === 0 && <p>No peers connected. Connect one with <code>meritwalk connect &lt;multiaddr&gt;</code>.</p>}
      <table id='peers'>
        <thead><tr><th scope='col'>Peer</th><th scope='col'>Connected</th><th scope='col'>Direction</th><th scope='col'>Gossip score</th><th scope='col'>Addresses</th></tr></thead>
        <tbody>
          {peers?.map(p => {
            return (
              <tr key={p.peerId}>
                <td title={p.peerId}>{shortId(p.peerId)}</td>
                <td>{p.via}</td>
                <td>{p.direction ?? ''}</td>
                <td class='num'>{p.score.toFixed(2)}</td>
                <td>{p.addrs.map(a => <div><code>{a}</code></div>)}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </section>
  )
}
