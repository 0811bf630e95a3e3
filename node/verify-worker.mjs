// Worker thread of node/verify-pool.ts: Ed25519 verdicts by libsodium for packed batches.
// Plain JavaScript so it starts without the TypeScript loader. It makes exactly the call
// src/signature.ts's verifyLibsodium makes; lengths and the key rule are checked on the
// main thread before a record is sent here (record decoding refuses anything else).
import { createRequire } from 'node:module'
import { parentPort } from 'node:worker_threads'

const sodium = createRequire(import.meta.url)('sodium-native')

// A job: { id, count, packed } with per item [publicKey 32][signature 64][length u32 BE][message].
parentPort.on('message', ({ id, count, packed }) => {
  const buf = Buffer.from(packed)
  const verdicts = new Uint8Array(count)
  let at = 0
  for (let i = 0; i < count; i++) {
    const publicKey = buf.subarray(at, at + 32)
    const signature = buf.subarray(at + 32, at + 96)
    const length = buf.readUInt32BE(at + 96)
    const message = buf.subarray(at + 100, at + 100 + length)
    at += 100 + length
    verdicts[i] = sodium.crypto_sign_verify_detached(signature, message, publicKey) ? 1 : 0
  }
  parentPort.postMessage({ id, verdicts }, [verdicts.buffer])
})
