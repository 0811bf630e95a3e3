import { multiaddr } from '@multiformats/multiaddr'
import { describe, expect, it } from 'vitest'
import { dialOrder, localSubnets, subnet } from '../../node/dial-order.js'

const PEER = '12D3KooWCyPj1tpCbxPncTDwsEww6RZJ2uiDvfEAcLj4CuLT8NYH'
const RELAY = '12D3KooWRbetwXe9RUQnsu6QAPX9gBVQpvQQstjwnf8CQPmLD7v9'

describe('dial order', () => {
  // An invite from A (LAN 10.1.0.2, reserved on a public relay), in the order it carries them.
  const invite = [
    `/ip4/198.20.0.10/tcp/4001/p2p/${RELAY}/p2p-circuit/p2p/${PEER}`,
    `/ip4/10.1.0.2/tcp/4001/p2p/${PEER}`,
    `/ip4/127.0.0.1/tcp/4001/p2p/${PEER}`,
    `/ip4/192.168.7.9/tcp/4001/p2p/${PEER}`,
    `/ip4/198.20.0.2/tcp/4001/p2p/${PEER}`
  ]
  const order = (subnets: string[]): string[] =>
    invite.map(s => ({ multiaddr: multiaddr(s), isCertified: false })).sort(dialOrder(subnets.map(subnet))).map(a => a.multiaddr.toString())

  it('on the inviter\'s LAN: public direct, then the shared LAN, then the relay, other LANs, loopback', () => {
    expect(order(['10.1.0.3/24'])).toEqual([invite[4], invite[1], invite[0], invite[3], invite[2]])
  })

  it('elsewhere: the relay before private addresses of networks this machine is not on', () => {
    expect(order(['10.3.0.2/24'])).toEqual([invite[4], invite[0], invite[1], invite[3], invite[2]])
  })

  it('certified addresses first among equals', () => {
    const a = { multiaddr: multiaddr(`/ip4/198.20.0.2/tcp/1/p2p/${PEER}`), isCertified: false }
    const b = { multiaddr: multiaddr(`/ip4/198.20.0.3/tcp/1/p2p/${PEER}`), isCertified: true }
    expect([a, b].sort(dialOrder([]))[0]).toBe(b)
  })

  it('reads this machine\'s IPv4 subnets, loopback excluded', () => {
    const mine = localSubnets()
    for (const s of mine) expect(s.network & ~s.mask).toBe(0)
    expect(mine.some(s => s.network === subnet('127.0.0.1/8').network && s.mask === subnet('127.0.0.1/8').mask)).toBe(false)
  })

  it('masks edge cases: /0 matches everything, /32 one address', () => {
    expect(subnet('10.1.2.3/0')).toEqual({ network: 0, mask: 0 })
    expect(subnet('10.1.2.3/32')).toEqual({ network: 0x0a010203, mask: 0xffffffff })
    expect(subnet('10.1.2.3/24')).toEqual({ network: 0x0a010200, mask: 0xffffff00 })
  })
})
