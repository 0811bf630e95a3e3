/**
 * Every command of `meritwalk`, one module each. A command module exports
 * `register(program)` that adds itself; add new ones to this list.
 */
import type { Command } from 'commander'

export type RegisterCommand = (program: Command) => void

export const commands: RegisterCommand[] = []
