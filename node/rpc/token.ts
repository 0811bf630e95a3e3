/**
 * The RPC bearer token and the daemon's published RPC address, both files in the data
 * directory beside the key: whoever can read the directory may drive the node.
 */
import { randomBytes } from 'node:crypto'
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { dataPaths, makeDataDir } from '../../src/config.js'
import { MeritwalkError } from '../../src/errors.js'

export class TokenNotFoundError extends MeritwalkError<{ file: string }> {
  readonly exitCode = 1
  constructor (file: string) {
    super('TOKEN_NOT_FOUND', `no RPC token at ${file}; run \`meritwalk init\` on this data directory first`, { file })
  }
}

export class InsecureTokenFileError extends MeritwalkError<{ file: string, mode: string }> {
  readonly exitCode = 1
  constructor (file: string, mode: number) {
    super('TOKEN_INSECURE', `RPC token file ${file} is readable by others (mode ${mode.toString(8)}); run \`chmod 600 ${file}\``, { file, mode: mode.toString(8) })
  }
}

/** Create the token (32 random bytes, hex, mode 0600) unless one exists; returns it. */
export async function createToken (dataDir: string): Promise<string> {
  await makeDataDir(dataDir)
  const file = dataPaths(dataDir).token
  try {
    await writeFile(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  }
  return await readToken(dataDir)
}

/** Read the token; refuses a missing or group/world-readable file. */
export async function readToken (dataDir: string): Promise<string> {
  const file = dataPaths(dataDir).token
  let mode: number
  try {
    mode = (await stat(file)).mode
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new TokenNotFoundError(file)
    throw err
  }
  if ((mode & 0o077) !== 0) throw new InsecureTokenFileError(file, mode & 0o777)
  return (await readFile(file, 'utf8')).trim()
}

/** What the daemon writes to `rpc.json` so clients can find it. */
export interface RpcAddressFile { host: string, port: number, address: string, pid: number }

/** Publish the bound address (atomically: a client never reads half a file). */
export async function writeRpcAddress (dataDir: string, addr: RpcAddressFile): Promise<void> {
  const file = dataPaths(dataDir).rpcAddress
  await writeFile(file + '.tmp', JSON.stringify(addr) + '\n', { mode: 0o600 })
  await rename(file + '.tmp', file)
}

/** The published address, or undefined when no daemon has published one. */
export async function readRpcAddress (dataDir: string): Promise<RpcAddressFile | undefined> {
  try {
    const parsed = JSON.parse(await readFile(dataPaths(dataDir).rpcAddress, 'utf8')) as RpcAddressFile
    return typeof parsed.port === 'number' && typeof parsed.host === 'string' ? parsed : undefined
  } catch {
    return undefined
  }
}

export async function removeRpcAddress (dataDir: string): Promise<void> {
  await rm(dataPaths(dataDir).rpcAddress, { force: true })
}
