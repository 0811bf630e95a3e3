/**
 * The web UI's routes on the RPC address (same origin as the JSON-RPC endpoint, so no
 * CORS): the static bundle under /ui/, the one-time login at /ui/login, and the event
 * stream at /events. The RPC server runs its Host and Origin checks before any of them.
 * Every response forbids framing (CSP frame-ancestors 'none' and X-Frame-Options: the
 * clickjacking defence) and loading anything from other origins.
 */
import { readFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { EventHub } from './events.js'
import { CSRF_COOKIE, SESSION_COOKIE, SESSION_IDLE_MS } from './session.js'
import type { UiSessions } from './session.js'

/** Where `npm ci` (the `prepare` script) writes the built bundle. */
export const UI_DIST = fileURLToPath(new URL('../../ui/dist/', import.meta.url))

/**
 * Scripts, styles and workers only from this origin (the bundle's files; WebGL needs
 * nothing more); no framing by anyone; forms post only here.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
  "connect-src 'self'", "worker-src 'self'", "object-src 'none'", "base-uri 'none'",
  "form-action 'self'", "frame-ancestors 'none'"
].join('; ')

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2'
}

export interface UiRoutes {
  /** Whether this path is the UI's (anything else is the JSON-RPC endpoint's). */
  owns (path: string): boolean
  handle (req: IncomingMessage, res: ServerResponse): Promise<void>
}

export function createUiRoutes (init: { sessions: UiSessions, events: EventHub, dist?: string }): UiRoutes {
  const dist = init.dist ?? UI_DIST
  return {
    owns: path => path === '/ui' || path.startsWith('/ui/') || path === '/events',
    async handle (req, res) {
      securityHeaders(res)
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('Allow', 'GET, HEAD')
        return page(res, 405, 'The UI takes GET only.')
      }
      const url = new URL(req.url ?? '/', 'http://x')
      if (url.pathname === '/ui/login') return login(url, res)
      if (url.pathname === '/events') {
        if (init.sessions.session(req) === undefined) return page(res, 401, 'Not logged in: run `meritwalk ui` for a login link.')
        return init.events.attach(res)
      }
      await serveFile(url.pathname === '/ui' ? '/ui/' : url.pathname, req, res)
    }
  }

  function login (url: URL, res: ServerResponse): void {
    const s = init.sessions.login(url.searchParams.get('code') ?? '')
    if (s === undefined) return page(res, 403, 'This login link was already used or has expired. Run `meritwalk ui` for a new one.')
    const age = Math.floor(SESSION_IDLE_MS / 1000)
    res.setHeader('Set-Cookie', [
      `${SESSION_COOKIE}=${s.id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${age}`,
      // Readable by the page's scripts on purpose: they echo it in X-CSRF-Token.
      `${CSRF_COOKIE}=${s.csrf}; Path=/; SameSite=Strict; Max-Age=${age}`
    ])
    res.writeHead(303, { Location: '/ui/#/recommendations', 'Cache-Control': 'no-store' }).end()
  }

  async function serveFile (pathname: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rel = pathname.slice('/ui/'.length) || 'index.html'
    const file = normalize(join(dist, decodeURIComponent(rel)))
    if (!file.startsWith(dist.endsWith(sep) ? dist : dist + sep)) return page(res, 404, 'Not found.')
    let body: Buffer
    try {
      body = await readFile(file)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (rel === 'index.html' && code === 'ENOENT') return page(res, 503, 'The UI bundle is not built: run `npm ci` (or `npm run build:ui`) in the meritwalk folder.')
      return page(res, 404, 'Not found.')
    }
    // Hashed asset names never change content; the page itself must be re-read.
    const cache = rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-store'
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': body.length, 'Cache-Control': cache })
    res.end(req.method === 'HEAD' ? undefined : body)
  }
}

/** Headers on every UI response. */
export function securityHeaders (res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY)
  res.setHeader('X-Frame-Options', 'DENY')
  res.setHeader('X-Content-Type-Options', 'nosniff')
  // The login URL holds a secret: never send it on as a Referer.
  res.setHeader('Referrer-Policy', 'no-referrer')
}

function page (res: ServerResponse, status: number, text: string): void {
  const html = `<!doctype html><meta charset="utf-8"><title>meritwalk</title><p>${text.replace(/[<>&]/g, c => `&#${c.charCodeAt(0)};`)}</p>\n`
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html), 'Cache-Control': 'no-store' })
  res.end(html)
}
