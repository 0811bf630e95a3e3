/**
 * CLI commands as data (Lodestar style): each module under cli/commands/ declares its
 * usage, options, examples and handler; `defineCommand` turns that into a commander
 * registration. Every command gets --data-dir; `json: true` adds --json.
 */
import { Command, Option } from 'commander'
import type { RegisterCommand } from './commands/index.js'
import { resolveDataDir } from '../src/config.js'

export interface OptionSpec {
  /** Commander flags, e.g. '--limit <n>'. */
  flags: string
  describe: string
  default?: string | boolean | string[]
  /** Repeatable option: values collect into an array. */
  repeatable?: boolean
  /** Commander refuses the command without it (exit 2). */
  required?: boolean
}

/** What a handler receives: positional args, options, and the resolved data directory. */
export interface CommandInput {
  args: string[]
  opts: Record<string, unknown>
  dataDir: string
  json: boolean
}

export interface CommandSpec {
  /** Name and positional args in commander syntax: 'trust <author> [weight]'. */
  usage: string
  describe: string
  aliases?: string[]
  examples?: string[]
  options?: OptionSpec[]
  /** Adds --json (machine output). */
  json?: boolean
  handler: (input: CommandInput) => Promise<void>
}

export function defineCommand (spec: CommandSpec): RegisterCommand {
  return (program: Command) => {
    const cmd = program.command(spec.usage).description(spec.describe)
    for (const alias of spec.aliases ?? []) cmd.alias(alias)
    cmd.addOption(new Option('--data-dir <dir>', 'data directory').env('MERITWALK_DATA_DIR').default(undefined, '~/.meritwalk'))
    if (spec.json === true) cmd.option('--json', 'print JSON for scripts instead of a table')
    for (const o of spec.options ?? []) {
      const opt = new Option(o.flags, o.describe)
      if (o.repeatable === true) opt.argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v])
      if (o.default !== undefined) opt.default(o.default)
      if (o.required === true) opt.makeOptionMandatory()
      cmd.addOption(opt)
    }
    if (spec.examples !== undefined && spec.examples.length > 0) {
      cmd.addHelpText('after', '\nExamples:\n' + spec.examples.map(e => `  $ ${e}`).join('\n'))
    }
    cmd.action(async (...all: unknown[]) => {
      const self = all[all.length - 1] as Command
      const opts = self.opts()
      // The command's own --data-dir, else the one given before the command, else the environment's.
      const own = self.getOptionValueSource('dataDir') === 'cli' ? opts.dataDir as string : undefined
      const global = self.parent?.opts().dataDir as string | undefined
      await spec.handler({
        args: self.args,
        opts,
        dataDir: resolveDataDir(own ?? global ?? opts.dataDir as string | undefined),
        json: opts.json === true
      })
    })
  }
}
