/**
 * String ids ↔ dense integers. The hot paths index typed arrays by int; callers (daemon,
 * simulator, CLI) speak the ids exactly as given, which this maps back on output.
 */

/** Assigns each distinct string a dense index from 0, in first-seen order. */
export class Interner {
  private readonly byName = new Map<string, number>()
  private readonly names: string[] = []

  /** The index of `name`, assigning the next one if it is new. */
  intern (name: string): number {
    let id = this.byName.get(name)
    if (id === undefined) {
      id = this.names.length
      this.byName.set(name, id)
      this.names.push(name)
    }
    return id
  }

  /** The index of `name`, or -1 if it was never seen. */
  lookup (name: string): number {
    return this.byName.get(name) ?? -1
  }

  /** The string for index `id`. */
  name (id: number): string {
    return this.names[id]
  }

  get size (): number {
    return this.names.length
  }
}
