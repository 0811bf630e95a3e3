/**
 * Invites end to end through the real binary on 127.0.0.1: one node invites, another
 * accepts (and trusts), bad invites change nothing (exit 2), and the accepting node,
 * restarted with no bootstrap, finds its friend again from the peer book.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { multiaddr } from '@multiformats/multiaddr'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { identityToLibp2pPrivateKey, loadIdentity } from '../../src/index.js'
import { createInvite } from '../../node/invite.js'
import { RpcCallError, RpcClient } from '../../node/rpc/client.js'
import { eventually, json, mw, startNode, type RunningNode } from './run.js'

let root: string
let a: RunningNode
let b: RunningNode
let c: RunningNode
const dir = (name: string): string => join(root, name)
const NS = `inv-${process.pid}`
let aAuthor: string

interface Peer { peerId: string, via: string }
const peersOf = async (d: string): Promise<Peer[]> => json<Peer[]>(await mw(['peers', '--json', '--data-dir', d]))

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mw-invite-'))
  for (const [n, ns] of [['a', NS], ['b', NS], ['c', `${NS}-other`]]) expect((await mw(['init', '--data-dir', dir(n), '--namespace', ns])).code).toBe(0)
  ;[a, b, c] = await Promise.all([startNode(dir('a')), startNode(dir('b')), startNode(dir('c'))])
  aAuthor = json<{ author: string }>(await mw(['id', '--json', '--data-dir', dir('a')])).author
}, 120_000)

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop(), c?.stop()])
  await rm(root, { recursive: true, force: true })
})

describe('meritwalk invite / accept', () => {
  let text: string

  it('invite prints a signed invite as text and a QR code; --json gives {invite, …}', async () => {
    const made = json<{ invite: string, author: string, namespace: string, addrs: string[], expiresAt: string }>(await mw(['invite', '--json', '--data-dir', dir('a')]))
    expect(made.invite).toMatch(/^mw1[1-9A-HJ-NP-Za-km-z]+$/)
    expect(made.author).toBe(aAuthor)
    expect(made.namespace).toBe(NS)
    expect(made.addrs.length).toBeGreaterThan(0)
    expect(Date.parse(made.expiresAt) - Date.now()).toBeGreaterThan(167 * 3_600_000)
    text = made.invite
    const shown = await mw(['invite', '--data-dir', dir('a')])
    expect(shown.code).toBe(0)
    expect(shown.stdout).toMatch(/[▀▄█]/) // the QR code's half blocks
    expect(shown.stdout).toMatch(/^mw1\S+$/m)
  })

  it('a malformed, tampered, expired or other-namespace invite: exit 2, a clear error, nothing changed', async () => {
    const expired = await createInvite({
      privateKey: identityToLibp2pPrivateKey(await loadIdentity(dir('a'))),
      namespace: NS,
      addrs: [multiaddr('/ip4/127.0.0.1/tcp/9')],
      expiresAt: Date.now() - 1000
    })
    const other = json<{ invite: string }>(await mw(['invite', '--json', '--data-dir', dir('c')])).invite
    // Swap one character in the middle for another base58 character: the signature breaks.
    const i = Math.floor(text.length / 2)
    const tampered = text.slice(0, i) + (text[i] === '2' ? '3' : '2') + text.slice(i + 1)
    // Through the binary: exit 2 and the message; through RPC: the typed reason.
    for (const [bad, message] of [['hello', /does not start with 'mw1'/], [other, new RegExp(`namespace '${NS}-other'`)]] as const) {
      const r = await mw(['accept', bad, '--trust', '1', '--data-dir', dir('b')])
      expect(r.code, r.stderr).toBe(2)
      expect(r.stderr).toMatch(/invalid invite/)
      expect(r.stderr).toMatch(message)
    }
    const client = await RpcClient.fromDataDir(dir('b'))
    try {
      for (const [bad, reasons] of [[text.slice(0, 40), ['malformed']], [tampered, ['signature', 'malformed']], [expired, ['expired']]] as const) {
        const err = await client.call('node.accept', { invite: bad, trust: 1 }).then(() => undefined, (e: unknown) => e)
        expect(err).toBeInstanceOf(RpcCallError)
        expect((err as RpcCallError).code).toBe('INVITE_INVALID')
        expect(reasons).toContain((err as RpcCallError).data.reason)
      }
    } finally {
      client.close()
    }
    expect(await peersOf(dir('b'))).toEqual([])
    expect(json<{ records: number }>(await mw(['status', '--json', '--data-dir', dir('b')])).records).toBe(0)
  })

  it('accept --trust connects, trusts the inviter and remembers it', async () => {
    const r = json<{ author: string, via: string, trusted: boolean }>(await mw(['accept', text, '--trust', '1', '--json', '--data-dir', dir('b')]))
    expect(r).toMatchObject({ author: aAuthor, via: 'direct', trusted: true })
    expect((await peersOf(dir('b'))).find(p => p.peerId === aAuthor)?.via).toBe('direct')
    const status = json<{ records: number, reachability: string, relays: string[] }>(await mw(['status', '--json', '--data-dir', dir('b')]))
    expect(status.records).toBe(1) // the trust record
    expect(status.reachability).toBe('unknown') // loopback only: nobody outside this machine can reach it
    expect(status.relays).toEqual([])
  })

  it('a restarted node reconnects to the peers in its book with no bootstrap given', async () => {
    await b.stop()
    b = await startNode(dir('b'))
    await eventually(async () => (await peersOf(dir('b'))).some(p => p.peerId === aAuthor) ? true : undefined, 30_000, 'b to redial a')
  })
})
