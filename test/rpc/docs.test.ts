import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { RpcCode } from '../../node/rpc/errors.js'
import { methods } from '../../node/rpc/methods/index.js'

describe('docs/RPC.md', () => {
  it('documents every method with a request and a response example, and every error code', async () => {
    const doc = await readFile('docs/RPC.md', 'utf8')
    for (const m of methods) {
      const section = doc.split(`### \`${m.name}\``)[1]?.split('\n### ')[0]
      expect(section, m.name).toBeDefined()
      expect(section).toContain(`"method":"${m.name}"`)
      expect(section).toMatch(/← \{"jsonrpc":"2.0","id":1,"(result|error)"/)
      for (const param of Object.keys(m.params)) expect(section, `${m.name} ${param}`).toContain(`\`${param}`)
    }
    for (const code of Object.values(RpcCode)) expect(doc).toContain(`| ${code} |`)
  })
})
