/**
 * The page's RPC client: `POST /` on the daemon that served the page, typed by the
 * daemon's own method table (node/rpc/api.ts), so the UI and the API cannot drift. The
 * session cookie travels by itself (HttpOnly); the CSRF token is read from its cookie and
 * echoed in X-CSRF-Token, which a page on another origin cannot do.
 */
import type { RpcMethodName, RpcParams, RpcResult } from '../../node/rpc/api.js'
import type { UiEvents } from '../../node/rpc/events.js'

export type { RpcResult, UiEvents }

/** The daemon refused or failed a call; `code` is the error's stable data.code. */
export class RpcError extends Error {
  constructor (message: string, readonly code: string, readonly status: number) {
    super(message)
  }
}

let nextId = 1

function csrfToken (): string {
  return /(?:^|;\s*)meritwalk_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? ''
}

export async function call<M extends RpcMethodName> (method: M, ...params: {} extends RpcParams<M> ? [RpcParams<M>?] : [RpcParams<M>]): Promise<RpcResult<M>> {
  const res = await fetch('/', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken() },
    body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params: params[0] ?? {} })
  })
  const body = await res.json().catch(() => ({})) as { result?: unknown, error?: { message: string, data?: { code?: string } } }
  if (body.error !== undefined) throw new RpcError(body.error.message, body.error.data?.code ?? 'RPC_ERROR', res.status)
  if (!res.ok) throw new RpcError(`the daemon answered HTTP ${res.status}`, 'HTTP', res.status)
  return body.result as RpcResult<M>
}

type Listener<K extends keyof UiEvents> = (data: UiEvents[K]) => void

/**
 * The daemon's event stream (GET /events), shared by every page: one EventSource,
 * reconnecting by itself; the latest `status` and `peers` are kept for late subscribers.
 */
class Live {
  private source: EventSource | undefined
  private readonly listeners = new Map<keyof UiEvents, Set<Listener<any>>>()
  readonly last: Partial<UiEvents> = {}
  connected = false

  on<K extends keyof UiEvents> (event: K, fn: Listener<K>): () => void {
    this.open()
    let set = this.listeners.get(event)
    if (set === undefined) this.listeners.set(event, set = new Set())
    set.add(fn)
    const last = this.last[event]
    if (last !== undefined) fn(last)
    return () => { set.delete(fn) }
  }

  private open (): void {
    if (this.source !== undefined) return
    const source = this.source = new EventSource('/events')
    source.onopen = () => { this.connected = true }
    source.onerror = () => { this.connected = false }
    for (const event of ['status', 'peers', 'records'] as const) {
      source.addEventListener(event, e => {
        const data = JSON.parse((e as MessageEvent<string>).data)
        this.last[event] = data
        for (const fn of this.listeners.get(event) ?? []) fn(data)
      })
    }
  }
}

export const live = new Live()

/** A short, readable form of an author id (12D3KooW… ids share their first 8 characters). */
export function shortId (author: string): string {
  return author.startsWith('12D3KooW') ? author.slice(8, 16) : author.slice(0, 8)
}

/**
 * What the UI calls people: the `name` the daemon puts beside each author id in its answers
 * (the person's own petname, else the display name that person signed, unless it looks like
 * a petname of someone else), learnt from every answer that carries one.
 */
const names = new Map<string, string>()

export function learnNames (people: Iterable<{ author: string, name?: string }>): void {
  for (const p of people) {
    if (p.name !== undefined) names.set(p.author, p.name)
    else names.delete(p.author)
  }
}

/** A person's name for the page: `name` if an answer carried one, else the short id (the full id goes in a title). */
export function personName (author: string): string {
  return names.get(author) ?? shortId(author)
}
