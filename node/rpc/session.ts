/**
 * Browser sessions for the web UI. A person proves they may drive the node the same way
 * the CLI does (the bearer token in the data directory): `meritwalk ui` asks the daemon
 * for a one-time login code and prints a URL holding it. Opening the URL trades the code
 * for a session: an HttpOnly, SameSite=Strict cookie the page's scripts cannot read, and a
 * CSRF token (a second, script-readable cookie) that every RPC call must echo in the
 * `X-CSRF-Token` header — a page on another origin can make the browser send the cookie
 * but cannot read the token (Syncthing's scheme).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/** How long a login code stays valid: long enough to click, short enough to be useless later. */
export const LOGIN_CODE_TTL_MS = 5 * 60_000
/** A session lives this long after its last use. */
export const SESSION_IDLE_MS = 12 * 60 * 60_000
/** Open sessions and unused login codes kept at most (oldest dropped first). */
export const MAX_SESSIONS = 64

export const SESSION_COOKIE = 'meritwalk_session'
export const CSRF_COOKIE = 'meritwalk_csrf'
export const CSRF_HEADER = 'x-csrf-token'

interface Session { csrf: string, lastUsed: number }

export interface UiSessions {
  /** A fresh one-time login code. */
  issueCode (): string
  /** Trade a code for a new session (undefined when unknown, used or expired). */
  login (code: string): { id: string, csrf: string } | undefined
  /** The session the request's cookie names, if it is live. */
  session (req: IncomingMessage): Session | undefined
  /** Whether the request carries the session's CSRF token in its header. */
  csrfOk (req: IncomingMessage, s: Session): boolean
}

export function createSessions (now: () => number = Date.now): UiSessions {
  // Keyed by a hash, so a timing side channel on Map lookup reveals nothing of a secret.
  const codes = new Map<string, number>()
  const sessions = new Map<string, Session>()

  function prune (): void {
    const t = now()
    for (const [k, expires] of codes) if (expires <= t) codes.delete(k)
    for (const [k, s] of sessions) if (s.lastUsed + SESSION_IDLE_MS <= t) sessions.delete(k)
    while (codes.size > MAX_SESSIONS) codes.delete(codes.keys().next().value as string)
    while (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value as string)
  }

  return {
    issueCode () {
      const code = secret()
      codes.set(digest(code), now() + LOGIN_CODE_TTL_MS)
      prune()
      return code
    },
    login (code) {
      prune()
      const key = digest(code)
      if (!codes.delete(key)) return undefined
      const id = secret()
      const csrf = secret()
      sessions.set(digest(id), { csrf, lastUsed: now() })
      prune()
      return { id, csrf }
    },
    session (req) {
      const id = cookies(req.headers.cookie).get(SESSION_COOKIE)
      if (id === undefined) return undefined
      const s = sessions.get(digest(id))
      if (s === undefined || s.lastUsed + SESSION_IDLE_MS <= now()) return undefined
      s.lastUsed = now()
      return s
    },
    csrfOk (req, s) {
      const sent = req.headers[CSRF_HEADER]
      return typeof sent === 'string' && timingSafeEqual(Buffer.from(digest(sent), 'hex'), Buffer.from(digest(s.csrf), 'hex'))
    }
  }
}

function secret (): string {
  return randomBytes(32).toString('base64url')
}

function digest (s: string): string {
  return createHash('sha256').update(s).digest('hex')
}

/** Cookie header → name/value pairs (RFC 6265 §5.4: `name=value; name=value`). */
export function cookies (header: string | undefined): Map<string, string> {
  const out = new Map<string, string>()
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
  }
  return out
}
