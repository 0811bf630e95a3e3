/** Raw HTTP for RPC tests: lets a test send any Host, Origin, token or body. */
import { request } from 'node:http'

export interface RawResponse { status: number, headers: Record<string, string | string[] | undefined>, body: any } // eslint-disable-line @typescript-eslint/no-explicit-any

export async function rawPost (port: number, body: string | Buffer, headers: Record<string, string> = {}, opts: { method?: string, path?: string } = {}): Promise<RawResponse> {
  return await new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: opts.method ?? 'POST', path: opts.path ?? '/', headers: { 'Content-Length': String(Buffer.byteLength(body)), ...headers } }, res => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) })
      })
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** Headers of a well-formed authorised call to the server on `port`. */
export function goodHeaders (port: number, token: string): Record<string, string> {
  return { Host: `127.0.0.1:${port}`, 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }
}
