/**
 * The order a node tries a peer's addresses in. libp2p dials them one after another
 * (6 s each at most) and puts public addresses first, counting a relayed address on a
 * public relay as public: a friend on the same LAN would then be reached through the relay
 * on the internet. Here direct addresses come first — public ones, then private ones on a
 * subnet this machine is on (the same LAN) — then relayed ones, then private addresses of
 * other networks (someone else's home LAN: rarely reachable, and slow to fail), loopback last.
 */
import { networkInterfaces } from 'node:os'
import type { Address, AddressSorter } from '@libp2p/interface'
import { isPrivate } from '@libp2p/utils'
import { Circuit } from '@multiformats/multiaddr-matcher'
import type { Multiaddr } from '@multiformats/multiaddr'

/** An IPv4 subnet as network address and mask, both unsigned 32-bit. */
export interface Subnet { network: number, mask: number }

/** The IPv4 subnets of this machine's interfaces (loopback excluded). */
export function localSubnets (): Subnet[] {
  return Object.values(networkInterfaces()).flat().flatMap(i => i === undefined || i.family !== 'IPv4' || i.internal || i.cidr === null ? [] : [subnet(i.cidr)])
}

export function subnet (cidr: string): Subnet {
  const [ip, bits] = cidr.split('/')
  const mask = Number(bits) === 0 ? 0 : (0xffffffff << (32 - Number(bits))) >>> 0
  return { network: (ipv4(ip) & mask) >>> 0, mask }
}

function ipv4 (ip: string): number {
  return ip.split('.').reduce((n, part) => ((n << 8) | Number(part)) >>> 0, 0)
}

/** A comparator ranking addresses as the module comment says; ties keep certified ones first. */
export function dialOrder (subnets: Subnet[]): AddressSorter {
  const onOurLan = (ma: Multiaddr): boolean => {
    const ip = ma.getComponents().find(c => c.name === 'ip4')?.value
    if (ip === undefined) return false
    const n = ipv4(ip)
    return subnets.some(s => ((n & s.mask) >>> 0) === s.network)
  }
  const rank = (ma: Multiaddr): number => {
    const s = ma.toString()
    if (s.startsWith('/ip4/127.') || s.startsWith('/ip6/::1/')) return 4
    if (Circuit.matches(ma)) return 2
    if (isPrivate(ma) !== true) return 0
    return onOurLan(ma) ? 1 : 3
  }
  return (a: Address, b: Address) => Math.sign(rank(a.multiaddr) - rank(b.multiaddr) || Number(b.isCertified) - Number(a.isCertified)) as -1 | 0 | 1
}
