/**
 * Plain counters of what the node did since start, exposed through `status()` (and so the
 * RPC `status` method). Rejections are counted by reason code, per record or message.
 */

/** Counters of one daemon's lifetime. */
export interface NodeCounters {
  /** Records from peers newly stored. */
  accepted: number
  /** Records from peers that we already had. */
  duplicates: number
  /** Records or messages refused, by reason code. */
  rejected: Record<string, number>
  /** Equivocations (forks) newly detected. */
  equivocations: number
  /** Gossip messages received and validated, by outcome. */
  gossip: { accept: number, ignore: number, reject: number, published: number }
  /** Sync rounds (heads walks) completed, sessions failed, failed sessions retried, records stored from sync, gap pulls asked, requests served. */
  syncRounds: number
  syncFailures: number
  syncRetries: number
  syncRecords: number
  /** Verified records of authors outside this node's replication scope, dropped unstored (node/scope.ts). */
  outOfScope: number
  gapPulls: number
  syncServed: number
  /** Peer connections opened and closed. */
  peerConnects: number
  peerDisconnects: number
}

/** Fresh counters, all zero. */
export function createCounters (): NodeCounters {
  return {
    accepted: 0,
    duplicates: 0,
    rejected: {},
    equivocations: 0,
    gossip: { accept: 0, ignore: 0, reject: 0, published: 0 },
    syncRounds: 0,
    syncFailures: 0,
    syncRetries: 0,
    syncRecords: 0,
    outOfScope: 0,
    gapPulls: 0,
    syncServed: 0,
    peerConnects: 0,
    peerDisconnects: 0
  }
}

/** Count `n` rejections for `reason`. */
export function countRejected (c: NodeCounters, reason: string, n = 1): void {
  c.rejected[reason] = (c.rejected[reason] ?? 0) + n
}
