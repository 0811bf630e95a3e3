/**
 * Every command of `meritwalk`, one module each. A command module exports
 * `register(program)` that adds itself; add new ones to this list.
 */
import type { Command } from 'commander'
import { controls, mute, name, notInterested, unmute } from './controls.js'
import { register as demo } from './demo.js'
import { privacy } from './privacy.js'
import { profile } from './profile.js'
import { key } from './key.js'
import { register as init } from './init.js'
import { register as rank } from './rank.js'
import { register as repair } from './repair.js'
import { simulate } from './simulate.js'
import { accept, invite } from './invite.js'
import { connect, id, peers, status } from './node.js'
import { recommend, reputation } from './ranking.js'
import { distrust, item, like, play, retract, trust } from './social.js'
import { register as start } from './start.js'
import { exportCommand, importCommand } from './transfer.js'
import { register as ui } from './ui.js'

export type RegisterCommand = (program: Command) => void

export const commands: RegisterCommand[] = [
  init, start, invite, accept, id, status, peers, connect,
  trust, distrust, retract, play, like, item,
  recommend, reputation, importCommand, exportCommand,
  notInterested, mute, unmute, controls, privacy, key, name, profile,
  demo, rank, simulate, repair, ui
]
