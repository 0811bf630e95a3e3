/**
 * Prometheus metrics of one daemon (prom-client), read from `status()` at scrape time.
 * The node keeps plain counters on its hot paths (gossip, sync, ingest); this module only
 * exposes them, so a scrape costs one status() call and nothing is counted twice.
 */
import { Counter, Gauge, Registry } from 'prom-client'
import type { DaemonStatus } from './index.js'

/** What the metrics read: a status snapshot and the ranking graph's size. */
export interface MetricsSource {
  status (): DaemonStatus
  engine: { stats (): { users: number, items: number, trustEdges: number, interactionEdges: number, bytes: number } }
}

/** A registry whose metrics are filled from `source` on every scrape. */
export function createMetrics (source: MetricsSource): Registry {
  const registry = new Registry()
  // status() is a handful of counts, cheap enough to read once per metric per scrape.
  const read = (): DaemonStatus => source.status()
  const counter = (name: string, help: string, value: (s: DaemonStatus) => number): void => {
    registry.registerMetric(new Counter({
      name,
      help,
      registers: [],
      collect () { this.reset(); this.inc(value(read())) }
    }))
  }
  const gauge = (name: string, help: string, value: (s: DaemonStatus) => number): void => {
    registry.registerMetric(new Gauge({ name, help, registers: [], collect () { this.set(value(read())) } }))
  }

  gauge('meritwalk_peers', 'Connected peers', s => s.peers)
  // A gauge per label value, e.g. peers by how they are reached.
  const gauges = (name: string, help: string, label: string, values: (s: DaemonStatus) => Record<string, number>): void => {
    registry.registerMetric(new Gauge({
      name,
      help,
      labelNames: [label],
      registers: [],
      collect () {
        for (const [key, n] of Object.entries(values(read()))) this.set({ [label]: key }, n)
      }
    }))
  }
  gauges('meritwalk_peers_via', 'Connected peers by how they are reached: direct, or relay (every connection through a relay)', 'via', s => s.peersVia)
  gauge('meritwalk_relays', 'Relays holding a reservation for this node', s => s.relays.length)
  gauge('meritwalk_relay_reservations_served', 'Reservations this node holds for others as a relay', s => s.relaying)
  gauges('meritwalk_reachability', 'How others reach this node: 1 for the current state (public, private = through a relay only, unknown)', 'state',
    s => Object.fromEntries(['public', 'private', 'unknown'].map(state => [state, state === s.reachability ? 1 : 0])))
  gauge('meritwalk_mesh_peers', 'Peers in the gossip mesh of this namespace', s => s.meshPeers)
  gauge('meritwalk_records', 'Linked records in the store', s => s.records)
  gauge('meritwalk_authors', 'Authors with at least one record', s => s.authors)
  gauge('meritwalk_equivocators', 'Authors proven to have equivocated', s => s.equivocators)
  gauge('meritwalk_pending_records', 'Records held until their gap is pulled', s => s.pending)
  gauge('meritwalk_storage_full', '1 while the store\'s disk is full (writes refused with STORAGE_FULL until space is freed)', s => s.storage === 'full' ? 1 : 0)
  gauge('meritwalk_uptime_seconds', 'Seconds since the daemon started', s => s.uptimeMs / 1000)
  counter('meritwalk_records_accepted_total', 'Records from peers newly stored', s => s.counters.accepted)
  counter('meritwalk_records_duplicate_total', 'Records from peers already stored', s => s.counters.duplicates)
  counter('meritwalk_equivocations_total', 'Equivocations newly detected', s => s.counters.equivocations)
  counter('meritwalk_sync_rounds_total', 'Sync rounds completed', s => s.counters.syncRounds)
  counter('meritwalk_sync_failures_total', 'Sync sessions that failed', s => s.counters.syncFailures)
  counter('meritwalk_sync_retries_total', 'Failed sync sessions retried after a pause', s => s.counters.syncRetries)
  counter('meritwalk_sync_records_total', 'Records stored from sync', s => s.counters.syncRecords)
  counter('meritwalk_out_of_scope_total', 'Verified records of authors outside the replication scope, dropped unstored', s => s.counters.outOfScope)
  counter('meritwalk_gap_pulls_total', 'Gap pulls asked of peers', s => s.counters.gapPulls)
  counter('meritwalk_sync_served_total', 'Sync requests served', s => s.counters.syncServed)
  counter('meritwalk_peer_connects_total', 'Peer connections opened', s => s.counters.peerConnects)
  counter('meritwalk_peer_disconnects_total', 'Peer connections closed', s => s.counters.peerDisconnects)

  const labelled = (name: string, help: string, label: string, values: (s: DaemonStatus) => Record<string, number>): void => {
    registry.registerMetric(new Counter({
      name,
      help,
      labelNames: [label],
      registers: [],
      collect () {
        this.reset()
        for (const [key, n] of Object.entries(values(read()))) this.inc({ [label]: key }, n)
      }
    }))
  }
  labelled('meritwalk_records_rejected_total', 'Records or messages refused, by reason code', 'reason', s => s.counters.rejected)
  labelled('meritwalk_gossip_messages_total', 'Gossip messages validated (accept, ignore, reject) and published', 'outcome', s => s.counters.gossip)
  registry.registerMetric(new Gauge({
    name: 'meritwalk_graph_size',
    help: 'Size of the ranking graph: users, items, trust and interaction edges, bytes',
    labelNames: ['part'],
    registers: [],
    collect () {
      for (const [part, n] of Object.entries(source.engine.stats())) this.set({ part }, n)
    }
  }))
  return registry
}
