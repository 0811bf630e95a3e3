/**
 * Failures of the node: each has a stable `code`, the data a caller needs, and a message
 * that says what to do. Codec and protocol errors are also what the gossip validator and
 * the sync server count as rejection reasons.
 */
import { MeritwalkError } from '../src/errors.js'

/** Another daemon holds the data directory. */
export class DaemonLockedError extends MeritwalkError<{ dataDir: string, pid?: number }> {
  readonly exitCode = 1
  constructor (dataDir: string, pid?: number) {
    super('DAEMON_LOCKED',
      `another daemon is running on ${dataDir}${pid !== undefined ? ` (pid ${pid})` : ''}; stop it first, or use another --data-dir`,
      pid !== undefined ? { dataDir, pid } : { dataDir })
  }
}

/** The daemon was used after stop(). */
export class DaemonStoppedError extends MeritwalkError<{ operation: string }> {
  constructor (operation: string) {
    super('DAEMON_STOPPED', `cannot ${operation}: the daemon has stopped`, { operation })
  }
}

/** A multiaddr string that does not parse, or lacks the /p2p/<peerId> part a dial needs. */
export class BadMultiaddrError extends MeritwalkError<{ multiaddr: string, reason: string }> {
  readonly exitCode = 2
  constructor (multiaddr: string, reason: string) {
    super('BAD_MULTIADDR', `'${multiaddr}' is not a dialable multiaddr (${reason}); expected e.g. /ip4/127.0.0.1/tcp/7718/p2p/12D3KooW…`, { multiaddr, reason })
  }
}

/** Dialling a peer failed. */
export class PeerUnreachableError extends MeritwalkError<{ multiaddr: string, reason: string }> {
  constructor (multiaddr: string, reason: string) {
    super('PEER_UNREACHABLE', `could not connect to ${multiaddr}: ${reason}; check that the peer is running and the address is right`, { multiaddr, reason })
  }
}

/** A listen address could not be bound. */
export class ListenError extends MeritwalkError<{ listen: string[], reason: string }> {
  /** The listen addresses are the user's (flags or config): exit code 2. */
  readonly exitCode = 2
  constructor (listen: string[], reason: string) {
    // libp2p's message spans lines and advice that does not apply here; keep the OS's reason.
    const short = /\b(E[A-Z]+)\b:?\s*([^\n]*)/.exec(reason)
    const why = short === null ? reason.split('\n')[0] : `${short[1]}: ${short[2].replace(/^listen E[A-Z]+:\s*/, '')}`
    super('LISTEN_FAILED', `could not listen on ${listen.join(', ')}: ${why}; pick a free port (or port 0) with --listen`, { listen, reason })
  }
}

/** A gossip message that is not a well-formed, bounded batch of records. */
export class GossipMessageError extends MeritwalkError<{ reason: string }> {
  constructor (reason: string, message: string) {
    super('GOSSIP_MESSAGE_INVALID', `invalid gossip message: ${message}`, { reason })
  }
}

/** A sync frame that does not decode or breaks the protocol's bounds. */
export class SyncFrameError extends MeritwalkError<{ reason: string }> {
  constructor (reason: string, message: string) {
    super('SYNC_FRAME_INVALID', `invalid sync frame: ${message}`, { reason })
  }
}

/** The remote side of a sync exchange answered with an error, out of order, or too late. */
export class SyncProtocolError extends MeritwalkError<{ peer: string, reason: string }> {
  constructor (peer: string, reason: string, message: string) {
    super('SYNC_FAILED', `sync with ${peer} failed: ${message}`, { peer, reason })
  }
}

/** A restored key may only sign once a peer has told the node how far its own log goes. */
export class OwnLogUnconfirmedError extends MeritwalkError<{ author: string }> {
  readonly exitCode = 1
  constructor (author: string) {
    super('OWN_LOG_UNCONFIRMED', 'this identity was restored from a backup and no peer has confirmed how far its log goes yet; connect to a peer that holds your records (`meritwalk connect <multiaddr>`) and try again — signing now could fork your log', { author })
  }
}
