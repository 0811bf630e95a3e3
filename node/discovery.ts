/**
 * Finding the other nodes of a namespace through the DHT: every node provides one key,
 * the CID of "/meritwalk/<namespace>", and looks up its providers, dialling a few it is
 * not connected to. The DHT itself (seeded by the bootstrap list) finds an author's
 * addresses from its id: libp2p dials a peer id it has no address for through the DHT's
 * peer routing, so the peer book's redials use it too.
 */
import type { Libp2p, PeerId } from '@libp2p/interface'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import type { Logger } from 'pino'

/** Raw-codec CID of the namespace's name: the key its nodes provide. */
export async function namespaceKey (namespace: string): Promise<CID> {
  return CID.createV1(0x55, await sha256.digest(new TextEncoder().encode(`/meritwalk/${namespace}`)))
}

export interface NamespaceDiscoveryInit {
  libp2p: Pick<Libp2p, 'contentRouting' | 'dial' | 'getConnections' | 'peerId'>
  namespace: string
  log: Logger
  /** First round after start, ms (the DHT needs its first peers). @default 20000 */
  firstMs?: number
  /** Period of provide + lookup rounds. @default 600000 */
  intervalMs?: number
  /** New providers dialled per round at most. @default 8 */
  maxDials?: number
}

export class NamespaceDiscovery {
  private timer: NodeJS.Timeout | undefined
  private readonly abort = new AbortController()
  /** Providers of the namespace found in the last round (other than us). */
  found = 0

  constructor (private readonly init: NamespaceDiscoveryInit) {}

  start (): void {
    const round = (): void => {
      this.round().catch(err => { this.init.log.debug({ err: (err as Error).message }, 'namespace discovery round failed') })
        .finally(() => {
          if (this.abort.signal.aborted) return
          this.timer = setTimeout(round, this.init.intervalMs ?? 600_000)
          this.timer.unref()
        })
    }
    this.timer = setTimeout(round, this.init.firstMs ?? 20_000)
    this.timer.unref()
  }

  stop (): void {
    this.abort.abort()
    clearTimeout(this.timer)
  }

  /** Provide the namespace key, then dial providers we are not connected to. */
  async round (): Promise<void> {
    const { libp2p, namespace } = this.init
    const key = await namespaceKey(namespace)
    const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(60_000)])
    await libp2p.contentRouting.provide(key, { signal }).catch(err => { this.init.log.debug({ err: (err as Error).message }, 'could not provide the namespace') })
    const fresh: PeerId[] = []
    let found = 0
    for await (const provider of libp2p.contentRouting.findProviders(key, { signal })) {
      if (provider.id.equals(libp2p.peerId)) continue
      found++
      if (libp2p.getConnections(provider.id).length === 0 && fresh.length < (this.init.maxDials ?? 8)) fresh.push(provider.id)
    }
    this.found = found
    await Promise.allSettled(fresh.map(async peer => await libp2p.dial(peer, { signal })))
  }
}
