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

/** sfc32 (Chris Doty-Humphrey's small fast counter generator, 2^128 state). */
class Sfc32 implements Rng {
  // A class with int32 fields, not a closure: V8 keeps the state in registers (~4× faster).
  private a: number
  private b: number
  private c: number
  private d: number

  constructor (a: number, b: number, c: number, d: number) {
    this.a = a | 0; this.b = b | 0; this.c = c | 0; this.d = d | 0
    for (let i = 0; i < 12; i++) this.next()
  }

  next (): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return (t >>> 0) / 4294967296
  }

  int (n: number): number {
    return Math.floor(this.next() * n)
  }
}

/** A fast 32-bit generator (sfc32) from any numeric seed. */
export function createRng (seed = 0x5eed): Rng {
  // Fold non-integer and large seeds into 32 bits so every number is a usable seed.
  const mix = splitmix32((Math.floor(seed) ^ Math.floor(seed / 0x100000000)) >>> 0)
  return new Sfc32(mix(), mix(), mix(), mix())
}

/** Derives an independent child seed (for per-ego or per-query generators). */
export function deriveSeed (seed: number, salt: number): number {
  const mix = splitmix32((seed ^ Math.imul(salt + 1, 0x27d4eb2d)) >>> 0)
  mix()
  return mix()
}
