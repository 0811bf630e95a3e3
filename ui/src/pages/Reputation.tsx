/**
 * Reputation: everyone the person's trust reaches, as a table sortable by any column
 * (MeritRank score, the person's own trust, connectivity decay's gatekeeper).
 */
import { useState } from 'preact/hooks'
import { call, learnNames, personName } from '../api.js'
import type { RpcResult } from '../api.js'
import { formatScore, useLoad } from '../hooks.js'

type Person = RpcResult<'rank.network'>['people'][number]
type Column = 'author' | 'score' | 'trust' | 'gatekeeper'

const COLUMNS: Array<{ key: Column, label: string }> = [
  { key: 'author', label: 'Person' },
  { key: 'score', label: 'Reputation' },
  { key: 'trust', label: 'Your trust' },
  { key: 'gatekeeper', label: 'Reached only through' }
]

export function ReputationPage () {
  const net = useLoad(async () => {
    const answer = await call('rank.network', { limit: 1000 })
    learnNames(answer.people)
    return answer
  }, { onRecords: true })
  const [sort, setSort] = useState<{ by: Column, desc: boolean }>({ by: 'score', desc: true })
  const people = (net.data?.people ?? []).filter(p => p.author !== net.data?.ego)
  const value = (p: Person): string | number => sort.by === 'gatekeeper' ? p.gatekeeper ?? '' : p[sort.by]
  people.sort((a, b) => {
    const x = value(a)
    const y = value(b)
    const c = x < y ? -1 : x > y ? 1 : 0
    return sort.desc ? -c : c
  })
  return (
    <section aria-labelledby='rep-h'>
      <h1 id='rep-h' tabIndex={-1}>Reputation</h1>
      <p class='hint'>MeritRank scores of the people your trust reaches, from your point of view. People reached only through one other person are discounted (connectivity decay): that is where Sybil regions end up.</p>
      {net.error !== undefined && <p role='alert' class='error'>{net.error}</p>}
      <table class='rep'>
        <thead>
          <tr>
            {COLUMNS.map(c => (
              <th scope='col' aria-sort={sort.by === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
                <button type='button' class='sort' onClick={() => setSort(s => ({ by: c.key, desc: s.by === c.key ? !s.desc : c.key !== 'author' }))}>
                  {c.label}{sort.by === c.key ? (sort.desc ? ' ▼' : ' ▲') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {people.map(p => (
            <tr key={p.author}>
              <td><a href={`#/network/${p.author}`} title={p.author}>{personName(p.author)}</a></td>
              <td class='num'>{formatScore(p.score)}</td>
              <td class={p.trust > 0 ? 'num trust' : p.trust < 0 ? 'num distrust' : 'num'}>{p.trust === 0 ? '' : p.trust}</td>
              <td>{p.gatekeeper === undefined ? '' : <a href={`#/network/${p.gatekeeper}`} title={p.gatekeeper}>{personName(p.gatekeeper)}</a>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
