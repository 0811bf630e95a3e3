/**
 * `meritwalk key export | import`: the identity as a passphrase-encrypted backup
 * (src/key-backup.ts: Argon2id + XChaCha20-Poly1305), and its restore into a fresh data
 * directory on another machine. Neither needs the daemon; import refuses a directory that
 * holds another identity, and a wrong passphrase or a damaged file changes nothing.
 */
import { createWriteStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { defineCommand } from '../command.js'
import { printJson } from '../output.js'
import { UsageError } from '../parse.js'

/** The passphrase: the first line of --passphrase-file, else typed (twice when `confirm`) at a prompt on the terminal. */
async function passphrase (file: unknown, confirm: boolean): Promise<string> {
  if (typeof file === 'string') {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (err) {
      throw new UsageError('--passphrase-file', `cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, file)
    }
    return text.split(/\r?\n/)[0]
  }
  if (process.stdin.isTTY !== true) throw new UsageError('--passphrase-file', 'is needed when no terminal can prompt for the passphrase')
  const { read } = await import('read') // only a prompt needs it; not loaded at every start
  const typed = await read({ prompt: 'passphrase: ', silent: true, replace: '*', output: process.stderr })
  if (confirm && await read({ prompt: 'again: ', silent: true, replace: '*', output: process.stderr }) !== typed) throw new UsageError('passphrase', 'the two entries differ')
  return typed
}

const PASSPHRASE_FILE = { flags: '--passphrase-file <file>', describe: 'read the passphrase from the first line of a file (scripts) instead of a prompt' }

export const key = defineCommand({
  usage: 'key <action> [file]',
  describe: 'back up your identity (`key export`, encrypted under a passphrase) or restore it on a new machine (`key import <file>`)',
  json: true,
  options: [{ flags: '--out <file>', describe: 'export: write the backup to a file (mode 0600) instead of stdout' }, PASSPHRASE_FILE],
  examples: ['meritwalk key export --out meritwalk-key.json', 'meritwalk key import meritwalk-key.json --data-dir ~/.meritwalk', 'meritwalk key import meritwalk-key.json --passphrase-file pass.txt --json'],
  handler: async ({ dataDir, args, opts, json }) => {
    const [action, file] = args
    // Loaded here, not at the top: they pull in libp2p's crypto, which every other command
    // would otherwise pay for at start-up (bench/startup.ts).
    const { MIN_PASSPHRASE_CHARS, backupAuthor, decryptIdentity, encryptIdentity } = await import('../../src/key-backup.js')
    if (action === 'export') {
      const { loadIdentity } = await import('../../src/identity.js')
      const identity = await loadIdentity(dataDir)
      const pass = await passphrase(opts.passphraseFile, true)
      if ([...pass].length < MIN_PASSPHRASE_CHARS) throw new UsageError('passphrase', `must be at least ${MIN_PASSPHRASE_CHARS} characters (a few random words are best)`)
      const text = encryptIdentity(identity, pass)
      if (opts.out === undefined) {
        process.stdout.write(text)
        return
      }
      const out = createWriteStream(opts.out as string, { mode: 0o600, flags: 'wx' })
      await new Promise<void>((resolve, reject) => { out.on('error', reject); out.end(text, resolve) }).catch((err: NodeJS.ErrnoException) => {
        throw new UsageError('--out', err.code === 'EEXIST' ? 'already exists; choose another file (a backup is never overwritten)' : `cannot be written: ${err.code ?? err.message}`, opts.out)
      })
      if (json) printJson({ author: identity.author, file: opts.out })
      else process.stderr.write(`wrote the encrypted identity ${identity.author} to ${opts.out as string}; keep it and the passphrase apart\n`)
      return
    }
    if (action === 'import') {
      if (file === undefined) throw new UsageError('key import', 'needs the backup file')
      let text: string
      try {
        text = await readFile(file, 'utf8')
      } catch (err) {
        throw new UsageError(file, `cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
      }
      backupAuthor(text, file) // a damaged file fails before the prompt
      const identity = decryptIdentity(text, await passphrase(opts.passphraseFile, false), file)
      const { restoreIdentity } = await import('../../node/key-restore.js')
      const r = await restoreIdentity(dataDir, identity)
      if (json) return printJson({ author: r.author })
      process.stdout.write(r.restored
        ? `restored identity ${r.author} into ${dataDir}; start the node and connect to a peer: it catches up your own log before it signs anything\n`
        : `${dataDir} already holds identity ${r.author}; nothing to do\n`)
      return
    }
    throw new UsageError('key', `has no action ${JSON.stringify(action)} (export or import)`)
  }
})
