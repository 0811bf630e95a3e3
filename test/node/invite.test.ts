/** The invite format: a round trip, and every way an invite can be unusable. */
import { multiaddr } from '@multiformats/multiaddr'
import { encode, decode } from 'cborg'
import { fromString, toString } from 'uint8arrays'
import { describe, expect, it } from 'vitest'
import { identityToLibp2pPrivateKey } from '../../src/index.js'
import { createInvite, InviteError, INVITE_PREFIX, MAX_INVITE_ADDRS, readInvite } from '../../node/invite.js'
import { identityN } from './helpers.js'

const key = identityToLibp2pPrivateKey(identityN(7))
const author = identityN(7).author
const NOW = 1_800_000_000_000
const addrs = [multiaddr(`/ip4/127.0.0.1/tcp/7718/p2p/${author}`), multiaddr('/ip4/198.51.100.1/tcp/4001/p2p/12D3KooWRBhwfeP2Y4TCx1SM6s9rUoHhR5STiGwxBhgFRcw3UERE/p2p-circuit')]
const make = async (over: Partial<Parameters<typeof createInvite>[0]> = {}): Promise<string> =>
  await createInvite({ privateKey: key, namespace: 'main', addrs, expiresAt: NOW + 3_600_000, ...over })
const reason = async (text: string, expect: { namespace: string, now: number } = { namespace: 'main', now: NOW }): Promise<string | undefined> =>
  await readInvite(text, expect).then(() => undefined, (e: unknown) => (e as InviteError).data.reason)
/** Re-encode the invite's fields after `edit` (keeping the old signature). */
const edited = (text: string, edit: (fields: unknown[]) => void): string => {
  const fields = decode(fromString(text.slice(INVITE_PREFIX.length), 'base58btc')) as unknown[]
  edit(fields)
  return INVITE_PREFIX + toString(encode(fields), 'base58btc')
}

describe('invites', () => {
  it('round trip: author, namespace, addresses ending in the author, expiry to the second', async () => {
    const text = await make()
    expect(text.startsWith(INVITE_PREFIX)).toBe(true)
    const inv = await readInvite(`  ${text}\n`, { namespace: 'main', now: NOW })
    expect(inv.author).toBe(author)
    expect(inv.namespace).toBe('main')
    expect(inv.expiresAt).toBe(NOW + 3_600_000)
    expect(inv.addrs.map(a => a.toString())).toEqual([addrs[0].toString(), `${addrs[1].toString()}/p2p/${author}`])
  })

  it('carries at most MAX_INVITE_ADDRS addresses', async () => {
    const many = Array.from({ length: 20 }, (_, i) => multiaddr(`/ip4/10.0.0.${i + 1}/tcp/7718`))
    expect((await readInvite(await make({ addrs: many }), { namespace: 'main', now: NOW })).addrs).toHaveLength(MAX_INVITE_ADDRS)
  })

  it('refuses what is not an invite, a cut or retyped one, and other versions', async () => {
    const text = await make()
    expect(await reason('mw2abc')).toBe('malformed')
    expect(await reason('hello')).toBe('malformed')
    expect(await reason(text.slice(0, 30))).toBe('malformed')
    expect(await reason(text + '0')).toBe('malformed') // 0 is not base58
    expect(await reason(INVITE_PREFIX + 'x'.repeat(5000))).toBe('malformed')
    expect(await reason(edited(text, f => { f[0] = 2 }))).toBe('malformed')
    expect(await reason(edited(text, f => { f.pop() }))).toBe('malformed')
  })

  it('refuses a changed address, expiry, namespace or signature (signature checked before anything else is believed)', async () => {
    const text = await make()
    expect(await reason(edited(text, f => { (f[4] as Uint8Array[])[0] = multiaddr('/ip4/6.6.6.6/tcp/1').bytes }))).toBe('signature')
    expect(await reason(edited(text, f => { f[3] = (f[3] as number) + 86_400 }))).toBe('signature')
    expect(await reason(edited(text, f => { f[1] = 'other' }), { namespace: 'other', now: NOW })).toBe('signature')
    expect(await reason(edited(text, f => { (f[5] as Uint8Array)[0] ^= 1 }))).toBe('signature')
  })

  it('refuses an expired invite and one for another namespace', async () => {
    const text = await make()
    expect(await reason(text, { namespace: 'main', now: NOW + 3_600_000 })).toBe('expired')
    expect(await reason(text, { namespace: 'test', now: NOW })).toBe('namespace')
    const err = await readInvite(text, { namespace: 'test', now: NOW }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InviteError)
    expect((err as InviteError).exitCode).toBe(2)
    expect((err as Error).message).toMatch(/namespace 'main', this node is in 'test'/)
  })
})
