import { describe, expect, it } from 'vitest'
import '../src/polyfill.js'

describe('Promise.withResolvers polyfill', () => {
  it('resolves and rejects through the returned functions', async () => {
    const a = Promise.withResolvers<number>()
    a.resolve(7)
    await expect(a.promise).resolves.toBe(7)
    const b = Promise.withResolvers<number>()
    b.reject(new Error('no'))
    await expect(b.promise).rejects.toThrow('no')
  })
})
