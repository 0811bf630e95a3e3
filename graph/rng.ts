/**
 * Seedable random numbers for the walks (sfc32 seeded through splitmix32). Every random
 * choice in graph/ goes through an `Rng`, so a fixed seed gives identical output.
 */

/** A source of uniform numbers in [0, 1) and integers in [0, n). */
export interface Rng {
  next: () => number
  int: (n: number) => number
}

function splitmix32 (state: number): () => number {
  let s = state >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
}

/** A fast 32-bit generator (sfc32, 2^128 state) from any numeric seed. */
export function createRng (seed = 0x5eed): Rng {
  // Fold non-integer and large seeds into 32 bits so every number is a usable seed.
  const mix = splitmix32((Math.floor(seed) ^ Math.floor(seed / 0x100000000)) >>> 0)
  let a = mix(); let b = mix(); let c = mix(); let d = mix()
  const u32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = ((c << 21) | (c >>> 11)) >>> 0
    c = (c + t) >>> 0
    return t
  }
  for (let i = 0; i < 12; i++) u32()
  const next = (): number => u32() / 4294967296
  return { next, int: (n: number) => Math.floor(next() * n) }
}

/** Derives an independent child seed (for per-ego or per-query generators). */
export function deriveSeed (seed: number, salt: number): number {
  const mix = splitmix32((seed ^ Math.imul(salt + 1, 0x27d4eb2d)) >>> 0)
  mix()
  return mix()
}
