/**
 * `meritwalk status` for people: one line per subject, counts in words, uptime as a
 * duration and sizes in KiB/MiB (`--json` keeps the RPC's raw fields). A field the node
 * adds later and this view does not know yet is still printed, as `name  value`.
 */
import type { RpcApi } from '../node/rpc/api.js'
import { formatBytes, formatDuration } from './output.js'

type Status = RpcApi['node.status']['result']

const count = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en')} ${n === 1 ? one : many}`

/** "key value" rows, in reading order. */
export function statusFields (s: Status): Array<[string, string]> {
  const c = s.counters
  const rejected = Object.values(c.rejected).reduce((a, b) => a + b, 0)
  const reasons = Object.entries(c.rejected).map(([code, n]) => `${code} ${n}`).join(', ')
  const fields: Array<[string, string]> = [
    ['author', s.author],
    // null: not published yet (#14 prints a field not set as "(none)").
    ['display name', s.displayName === null ? '(none; `meritwalk profile --name …` publishes one)' : s.displayName],
    ...(s.peerId === s.author ? [] : [['peer id', s.peerId] as [string, string]]),
    ['namespace', s.namespace],
    ['rpc', s.rpc],
    ['uptime', formatDuration(s.uptimeMs)],
    ...s.multiaddrs.map((a): [string, string] => ['listening', a]),
    ['peers', `${s.peers} connected (${s.peersVia.direct} direct, ${s.peersVia.relay} through a relay), ${s.meshPeers} in the gossip mesh`],
    ['reachability', s.reachability + (s.relays.length > 0 ? `, through ${count(s.relays.length, 'relay')}: ${s.relays.join(', ')}` : '') + (s.relaying > 0 ? `; relaying for ${count(s.relaying, 'peer')}` : '')],
    ['records', `${count(s.records, 'record')} from ${count(s.authors, 'author')}` + (s.pending > 0 ? `, ${s.pending} waiting for a gap` : '') + (s.equivocators > 0 ? `, ${count(s.equivocators, 'author')} proven to fork` : '')],
    ['storage', s.storage === 'ok' ? 'ok' : 'FULL: writes are refused until disk space is freed'],
    ['ranking', `${count(s.graph.users, 'person', 'people')}, ${count(s.graph.items, 'item')}, ${count(s.graph.trustEdges, 'trust edge')}, ${count(s.graph.interactionEdges, 'interaction')}; index ${formatBytes(s.graph.bytes)}`],
    ['signatures', s.signatures],
    ['received', `${count(c.accepted, 'record')} accepted, ${c.duplicates} duplicates, ${rejected} rejected${reasons === '' ? '' : ` (${reasons})`}` + (c.outOfScope > 0 ? `, ${c.outOfScope} outside the trust horizon` : '') + (c.equivocations > 0 ? `, ${count(c.equivocations, 'fork')} proven` : '')],
    ['gossip', `${c.gossip.accept} messages accepted, ${c.gossip.ignore} ignored, ${c.gossip.reject} rejected; ${c.gossip.published} published`],
    ['sync', `${count(c.syncRounds, 'round')} (${c.syncFailures} failed, ${c.syncRetries} retried), ${count(c.syncRecords, 'record')} pulled, ${c.gapPulls} gap pulls, ${count(c.syncServed, 'request')} served`],
    ['connections', `${c.peerConnects} opened, ${c.peerDisconnects} closed since start`]
  ]
  return [...fields, ...unknownFields(s)]
}

const KNOWN = new Set(['author', 'peerId', 'displayName', 'namespace', 'rpc', 'uptimeMs', 'multiaddrs', 'peers', 'peersVia', 'meshPeers', 'reachability', 'relays', 'relaying', 'records', 'authors', 'pending', 'equivocators', 'storage', 'graph', 'signatures', 'counters'])
const KNOWN_COUNTERS = new Set(['accepted', 'duplicates', 'rejected', 'outOfScope', 'equivocations', 'gossip', 'syncRounds', 'syncFailures', 'syncRetries', 'syncRecords', 'gapPulls', 'syncServed', 'peerConnects', 'peerDisconnects'])

// Fields newer than this view: shown plainly rather than dropped.
function unknownFields (s: Status): Array<[string, string]> {
  const plain = (v: unknown): string => v === null
    ? '(none)'
    : typeof v === 'object'
      ? Object.entries(v).map(([k, x]) => `${k} ${plain(x)}`).join(', ')
      : String(v)
  return [
    ...Object.entries(s).filter(([k]) => !KNOWN.has(k)),
    ...Object.entries(s.counters).filter(([k]) => !KNOWN_COUNTERS.has(k))
  ].map(([k, v]): [string, string] => [k, plain(v)])
}
