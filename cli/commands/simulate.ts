/** `meritwalk simulate`: Sybil attacks against the ranking, offline, with the trust–relevance table and frontier. */
import { defineCommand } from '../command.js'
import { RANKING_PARAMS } from '../../src/ranking-params.js'

export const simulate = defineCommand({
  usage: 'simulate',
  describe: 'run Sybil attack scenarios on a synthetic or the Last.fm network and compare ranking methods (relevance vs spam)',
  json: true,
  options: [
    { flags: '--network <name>', describe: 'synthetic or lastfm', default: 'synthetic' },
    { flags: '--data <dir>', describe: 'Last.fm HetRec 2011 directory (user_artists.dat, user_friends.dat); default $MERITWALK_LASTFM_DIR' },
    { flags: '--users <n>', describe: 'synthetic: honest users', default: '300' },
    { flags: '--items <n>', describe: 'synthetic: items', default: '500' },
    { flags: '--attack <kind>', describe: 'none, serial, parallel, cycle, mesh, camouflage, many, duped, flood, or a shilling attack: random, average, bandwagon, segment, copy', default: 'none' },
    { flags: '--sybils <n>', describe: 'Sybils per attacker (region size for duped, identities for flood)', default: '20' },
    { flags: '--spam-items <n>', describe: 'spam items each attacker promotes', default: '3' },
    { flags: '--spam-weight <plays>', describe: 'play count given to each spam item', default: '10000' },
    { flags: '--fraction <share>', describe: 'many: share of honest users turned attackers (0–0.5)', default: '0.1' },
    { flags: '--duped <g>', describe: 'duped and shilling attacks: honest users who trust a Sybil (attack edges)', default: '1' },
    { flags: '--topology <t>', describe: 'camouflage/duped region: serial, parallel, cycle or mesh', default: 'mesh' },
    { flags: '--camouflage-items <n>', describe: 'popular items each camouflaged Sybil plays', default: '10' },
    { flags: '--shared-spam', describe: 'many: all attackers promote the same spam items' },
    { flags: '--filler-items <n>', describe: 'shilling (random, average, bandwagon, segment): filler items per Sybil profile', default: '30' },
    { flags: '--selected-items <n>', describe: 'bandwagon: popular items per profile; segment: the segment\'s items', default: '10' },
    { flags: '--methods <list>', describe: 'comma list: meritwalk, calibrated, web3recommend, undefended, ppr, popular, itemknn, p3, rp3b, ease, dlae, linear', default: 'meritwalk,calibrated,web3recommend,undefended,ppr,popular,itemknn' },
    { flags: '--alpha <list>', describe: 'MeritRank stop probabilities to sweep', default: String(RANKING_PARAMS.alpha.default) },
    { flags: '--beta <list>', describe: 'connectivity decays to sweep', default: String(RANKING_PARAMS.beta.default) },
    { flags: '--seed <list>', describe: 'seeds (hold-out, attack, egos); results are their mean', default: '1,2,3' },
    { flags: '--egos <n>', describe: 'honest egos sampled per seed (0 = all)', default: '200' },
    { flags: '--walks <n>', describe: 'walks per query for the engine variants' },
    { flags: '--plot <file.svg>', describe: 'write the trust–relevance frontier (x: spam, y: HR@10)' },
    { flags: '--report <dir>', describe: 'write results.json, frontier.svg and summary.md into DIR' }
  ],
  examples: [
    'meritwalk simulate --attack mesh --sybils 100 --beta 0,0.5,0.8',
    'meritwalk simulate --network lastfm --attack many --fraction 0.1 --egos 300 --report out/'
  ],
  handler: async ({ opts, json }) => {
    // Loaded on use: the simulator and the Last.fm loader would slow every other command's start.
    const { parseSettings } = await import('../simulate/options.js')
    const { runSimulation } = await import('../simulate/run.js')
    await runSimulation(parseSettings(opts), {
      json,
      ...(typeof opts.plot === 'string' ? { plot: opts.plot } : {}),
      ...(typeof opts.report === 'string' ? { report: opts.report } : {}),
      progress: process.stderr.isTTY === true
    })
  }
})
