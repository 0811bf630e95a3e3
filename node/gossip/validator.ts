/**
 * The gossip topic validator as a plain function: decode the batch, decode and verify every
 * record, then hand the verified records to the store (which does not verify them again).
 * Nothing reaches the store, or is relayed, unless every record in the message is valid:
 * one malformed or forged record rejects the message, and gossipsub scores its sender down.
 */
import { isMeritwalkError, type SignedRecord } from '../../src/index.js'
import { decodeYielding } from '../decode.js'
import type { VerifyPool } from '../verify-pool.js'
import { decodeGossipBatch, type GossipLimits } from './codec.js'
import type { AppendResult } from '../../src/index.js'

/** Gossipsub's three outcomes, as strings (same values as TopicValidatorResult). */
export type Verdict = 'accept' | 'ignore' | 'reject'

/** What validation decided, why, and what the store made of the records. */
export interface Validation {
  verdict: Verdict
  /** Reason code of a rejection (a GossipMessageError reason or a RecordError code). */
  reason?: string
  /** The store's answer when the records got that far. */
  result?: AppendResult
}

/** What the validator needs: limits and a store append. */
export interface ValidatorDeps {
  limits: GossipLimits
  /** Worker threads for signature checks (else this thread verifies). */
  pool?: VerifyPool
  append (records: SignedRecord[]): Promise<AppendResult>
  /** Clock for the future-timestamp rule. */
  now?: () => number
}

/** Validate one gossip message and store its records; never throws for bad input. */
export async function validateGossipMessage (data: Uint8Array, deps: ValidatorDeps): Promise<Validation> {
  let records: SignedRecord[]
  try {
    const now = deps.now?.()
    // Yielding: RPC calls are not held behind a flood (bench/hardening.ts, "during the flood").
    records = await decodeYielding(decodeGossipBatch(data, deps.limits), now === undefined ? {} : { now }, deps.pool)
  } catch (err) {
    return { verdict: 'reject', reason: reasonOf(err) }
  }
  const result = await deps.append(records)
  // What the store refuses now (a quota, a forked author's branch) is authentic and was
  // accepted by an honest relay on its own view: not relayed, but not the sender's fault.
  // Pending records (ahead of a gap) are authentic and worth relaying; so are equivocation
  // proofs, which every honest node must learn about.
  const news = result.accepted.length + result.pending.length + result.equivocations.length
  return { verdict: news > 0 ? 'accept' : 'ignore', result }
}

/** The reason code of an error: the MeritwalkError's `data.reason` or `code`. */
export function reasonOf (err: unknown): string {
  if (isMeritwalkError(err)) {
    const reason = (err.data as { reason?: unknown }).reason
    return typeof reason === 'string' ? reason : err.code
  }
  return 'INTERNAL'
}
