/**
 * libp2p redials peers tagged keep-alive through p-retry (connection-manager/reconnect-queue).
 * libp2p asks for p-retry ^8, which declares Node ≥ 22, so `npm ci` warned EBADENGINE on
 * Node 20; package.json overrides it to 7.1.1, which declares Node ≥ 20 and has the same
 * call libp2p makes (pRetry(fn(attempt), { signal, retries, factor, minTimeout })).
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'

describe('p-retry override', () => {
  it('is the version libp2p resolves, and it supports this Node', () => {
    const fromLibp2p = createRequire(createRequire(import.meta.url).resolve('libp2p'))
    const pkg = JSON.parse(readFileSync(join(dirname(fromLibp2p.resolve('p-retry')), 'package.json'), 'utf8')) as { version: string, engines: { node: string } }
    expect(pkg.version).toBe('7.1.1')
    const min = Number(/>=\s*(\d+)/.exec(pkg.engines.node)?.[1])
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(min)
  })

  it('nanoid under circuit-relay is 5.x, which supports this Node (6 declares Node ≥ 22; relay ids are its only use)', () => {
    const fromRelay = createRequire(createRequire(import.meta.url).resolve('@libp2p/circuit-relay-v2'))
    const pkg = JSON.parse(readFileSync(join(dirname(fromRelay.resolve('nanoid')), 'package.json'), 'utf8')) as { version: string }
    expect(pkg.version).toBe('5.1.16')
  })
})
