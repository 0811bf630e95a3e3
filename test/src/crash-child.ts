/**
 * Child process of crash.test.ts: appends records of one author to the store in `argv[2]`
 * in batches of 1–16, forever, printing "ack <seq>" after each append resolves (after its
 * fsync). The parent SIGKILLs it at an arbitrary moment.
 */
import '../../src/polyfill.js'
import { RecordStore } from '../../src/store.js'
import { LocalAuthor } from '../../src/author.js'
import { identityFromSeed } from '../../src/identity.js'

const store = await RecordStore.open(process.argv[2])
const author = new LocalAuthor(identityFromSeed(new Uint8Array(32).fill(42)), store)
let n = 0
for (;;) {
  const size = 1 + (n++ % 16)
  const records = await author.append(Array.from({ length: size }, (_, i) => ({ kind: 'interact' as const, item: `lastfm:artist:${n}-${i}`, weight: i + 1 })))
  process.stdout.write(`ack ${records[records.length - 1].seq}\n`)
}
