/**
 * The gossip service: one topic per namespace, a topic validator that stores what it
 * accepts (through `ingest`), and a publish queue that batches records authored here into
 * as few messages as the limits allow.
 */
import { TopicValidatorResult, type GossipSub } from '@libp2p/gossipsub'
import type { PeerId } from '@libp2p/interface'
import type { Logger } from 'pino'
import type { NodeCounters } from '../counters.js'
import { packGossipBatches, type GossipLimits } from './codec.js'
import type { Verdict } from './validator.js'

export { decodeGossipBatch, encodeGossipBatch, packGossipBatches, type GossipLimits } from './codec.js'
export { validateGossipMessage, reasonOf, type Validation, type ValidatorDeps, type Verdict } from './validator.js'

/** The gossip topic of a namespace. */
export function gossipTopic (namespace: string): string {
  return `/meritwalk/${namespace}/records/2`
}

export interface GossipServiceInit {
  pubsub: GossipSub
  topic: string
  limits: GossipLimits
  /** Validate and store one message from `peer`. */
  ingest (peer: PeerId, data: Uint8Array): Promise<Verdict>
  counters: NodeCounters
  log: Logger
}

const RESULT: Record<Verdict, TopicValidatorResult> = {
  accept: TopicValidatorResult.Accept,
  ignore: TopicValidatorResult.Ignore,
  reject: TopicValidatorResult.Reject
}

/** Subscribe, validate, publish; see the module comment. */
export class GossipService {
  private queue: Uint8Array[] = []
  private flushing: Promise<void> | undefined
  private stopped = false

  constructor (private readonly init: GossipServiceInit) {}

  start (): void {
    const { pubsub, topic, ingest, counters, log } = this.init
    pubsub.topicValidators.set(topic, async (peer, msg) => {
      try {
        const verdict = await ingest(peer, msg.data)
        counters.gossip[verdict]++
        return RESULT[verdict]
      } catch (err) {
        // Our own failure (e.g. the store closing), not the sender's: do not punish it.
        log.warn({ err: (err as Error).message }, 'gossip validation failed')
        return TopicValidatorResult.Ignore
      }
    })
    pubsub.subscribe(topic)
  }

  /** Queue record encodings for publishing; they go out in batches on the next tick. */
  publish (records: Uint8Array[]): void {
    if (this.stopped || records.length === 0) return
    this.queue.push(...records)
    this.flushing ??= new Promise<void>(resolve => setImmediate(resolve)).then(async () => { await this.flush() })
  }

  /** Resolve when everything queued so far has been handed to gossipsub. */
  async drained (): Promise<void> {
    while (this.flushing !== undefined) await this.flushing
  }

  async stop (): Promise<void> {
    if (this.stopped) return
    await this.drained()
    this.stopped = true
    this.init.pubsub.unsubscribe(this.init.topic)
    // Not deleted: until the host stops, a message on the topic must still not pass unvalidated.
    this.init.pubsub.topicValidators.set(this.init.topic, () => TopicValidatorResult.Ignore)
  }

  private async flush (): Promise<void> {
    const { pubsub, topic, limits, counters, log } = this.init
    try {
      while (this.queue.length > 0) {
        const records = this.queue
        this.queue = []
        for (const message of packGossipBatches(records, limits)) {
          try {
            await pubsub.publish(topic, message)
            counters.gossip.published++
          } catch (err) {
            // Peers that miss it get the records by sync; nothing is lost.
            log.debug({ err: (err as Error).message }, 'gossip publish failed')
          }
        }
      }
    } finally {
      this.flushing = undefined
    }
  }
}
