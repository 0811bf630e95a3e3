/**
 * The shape of one RPC method: a name, a one-line description, its params as data and a
 * handler that gets validated params plus the daemon parts it may use.
 */
import type { Infer, ParamsSchema } from './params.js'
import type { RpcDaemon } from './daemon.js'
import type { RequestWork } from './work.js'
import type { UiSessions } from './session.js'

/** What a handler may touch: the daemon, and where the RPC server itself listens. */
export interface MethodContext {
  daemon: RpcDaemon
  /** The bound RPC address as host:port. */
  rpc: string
  /** The current request's work budget and liveness (set per request by the dispatcher). */
  work?: RequestWork
  /** The web UI's sessions, when the server serves the UI. */
  ui?: UiSessions
}

export interface Method<N extends string = string, S extends ParamsSchema = ParamsSchema, R = unknown> {
  name: N
  describe: string
  params: S
  // Method syntax (not a property arrow) so any Method fits the untyped server table.
  handler (params: Infer<S>, ctx: MethodContext): Promise<R>
}

/** Declare a method; keeps the literal name and param types for the typed client. */
export function defineMethod<const N extends string, const S extends ParamsSchema, R> (m: Method<N, S, R>): Method<N, S, R> {
  return m
}
