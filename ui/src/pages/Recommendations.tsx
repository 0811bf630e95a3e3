/**
 * Recommendations: the ranked items with their scores and why they came (the trusted
 * people whose walks led there, with their reputation), and the person's actions on each.
 * Re-ranked live whenever records reach the node (the `records` event).
 */
import { useState } from 'preact/hooks'
import { call, learnNames, personName } from '../api.js'
import { formatScore, useLoad } from '../hooks.js'

export function RecommendationsPage ({ ego }: { ego: string }) {
  const recs = useLoad(async () => {
    const [items, reputation] = await Promise.all([
      call('rank.recommend', { limit: 20, explain: true }),
      call('rank.reputation', { limit: 1000 })
    ])
    learnNames(reputation)
    learnNames(items.flatMap(r => r.explain?.via ?? []))
    return { items, reputation: new Map(reputation.map(r => [r.author, r.score])) }
  }, { onRecords: true })
  const [done, setDone] = useState<Record<string, string>>({})
  const [error, setError] = useState<string>()
  const [hidden, setHidden] = useState<{ title: string, how: string, undo: () => Promise<unknown> }>()

  async function act (item: string, label: string, run: () => Promise<unknown>): Promise<void> {
    setError(undefined)
    try {
      await run()
      setDone(d => ({ ...d, [item]: label }))
    } catch (err) {
      setError((err as Error).message)
    }
  }

  /** Not interested / mute: a local control (no record), so re-rank now, and offer an undo. */
  async function hide (title: string, how: string, run: () => Promise<unknown>, undo: () => Promise<unknown>): Promise<void> {
    setError(undefined)
    try {
      await run()
      setHidden({ title, how, undo })
      recs.reload()
    } catch (err) {
      setError((err as Error).message)
    }
  }

  return (
    <section aria-labelledby='recs-h'>
      <h1 id='recs-h' tabIndex={-1}>Recommendations</h1>
      <p class='hint'>Ranked for you by personalised SALSA over the people your trust reaches, decayed by MeritRank so a Sybil region cannot buy its way in. {recs.loading && <span aria-live='polite'>updating…</span>}</p>
      {error !== undefined && <p role='alert' class='error'>{error}</p>}
      {recs.error !== undefined && <p role='alert' class='error'>{recs.error}</p>}
      {hidden !== undefined && (
        <p role='status' class='hidden-note'>
          {hidden.how}: {hidden.title}{' '}
          <button type='button' onClick={() => { void hidden.undo().then(() => { setHidden(undefined); recs.reload() }, (err: Error) => setError(err.message)) }}>Undo</button>
        </p>
      )}
      {recs.data?.items.length === 0 && <p>Nothing to recommend yet: trust a few people (Trust network) or import your history (Import).</p>}
      <ol class='recs'>
        {recs.data?.items.map(r => (
          <li key={r.item} class='rec' data-item={r.item}>
            <div class='rec-head'>
              <span class='title'>{r.title ?? r.item}</span>
              <span class='score' title='share of the walks that reached this item'>{formatScore(r.score)}</span>
            </div>
            {r.explain !== undefined && (
              <p class='why'>
                {r.explain.bootstrapped === true ? 'From well-connected people (you trust nobody yet): ' : 'Because of '}
                {r.explain.via.map((v, i) => (
                  <span key={v.author}>
                    {i > 0 && ', '}
                    <a class='person' href={`#/network/${v.author}`} title={v.author}>{v.author === ego ? 'you' : personName(v.author)}</a>
                    {' '}<span class='muted'>({Math.round(v.share * 100)}%, reputation {formatScore(recs.data?.reputation.get(v.author) ?? 0)})</span>
                  </span>
                ))}
              </p>
            )}
            <div class='actions'>
              {r.url !== undefined && <a class='button' href={r.url} target='_blank' rel='noreferrer noopener'>Open</a>}
              <button type='button' onClick={() => { void act(r.item, 'played', async () => await call('social.interact', { item: r.item, count: 1 })) }}>Played</button>
              <button type='button' onClick={() => { void act(r.item, 'liked', async () => await call('social.interact', { item: r.item, rating: 1 })) }}>Like</button>
              <button type='button' onClick={() => { void hide(r.title ?? r.item, 'Not interested', async () => await call('controls.notInterested', { item: r.item }), async () => await call('controls.undoNotInterested', { item: r.item })) }}>Not interested</button>
              <button type='button' onClick={() => { void hide(r.title ?? r.item, 'Muted', async () => await call('controls.muteItem', { item: r.item }), async () => await call('controls.unmuteItem', { item: r.item })) }}>Mute</button>
              {done[r.item] !== undefined && <span class='done' role='status'>{done[r.item]}</span>}
            </div>
          </li>
        ))}
      </ol>
    </section>
  )
}
