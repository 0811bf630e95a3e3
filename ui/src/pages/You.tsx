/**
 * You: what the person publishes and what stays on this node, with the CLI's person-level
 * controls one click away — the display name others see (`meritwalk profile`), private
 * plays and publishing them (`meritwalk privacy`), and the "not interested" items, muted
 * items and muted people with their undo (`meritwalk controls`, `unmute`).
 */
import { useState } from 'preact/hooks'
import { call, learnNames, personName } from '../api.js'
import { useLoad } from '../hooks.js'

export function YouPage () {
  const state = useLoad(async () => {
    const [privacy, controls] = await Promise.all([call('privacy.show'), call('controls.list')])
    learnNames(controls.mutedAuthors)
    return { privacy, controls }
  }, { onRecords: true })
  const [displayName, setDisplayName] = useState<string>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  async function act (run: () => Promise<unknown>): Promise<void> {
    setBusy(true)
    setError(undefined)
    try {
      await run()
      state.reload()
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  if (state.data === undefined) return <section><h1 tabIndex={-1}>You</h1>{state.error !== undefined ? <p role='alert' class='error'>{state.error}</p> : <p>Loading…</p>}</section>
  const { privacy, controls } = state.data
  const shownName = displayName ?? privacy.published.displayName ?? ''
  return (
    <section aria-labelledby='you-h' class='you'>
      <h1 id='you-h' tabIndex={-1}>You</h1>
      {error !== undefined && <p role='alert' class='error'>{error}</p>}
      <h2>Published</h2>
      <p>{privacy.published.records} signed records: you trust {privacy.published.trust} and distrust {privacy.published.distrust} people; {privacy.published.interactions} plays and ratings.</p>
      <form class='inline' onSubmit={e => {
        e.preventDefault()
        const name = shownName.trim()
        void act(async () => await call('names.setDisplayName', name === '' ? {} : { name }))
      }}>
        <label for='display-name'>Your display name (signed, every peer sees it)</label>
        <input id='display-name' value={shownName} maxLength={64} placeholder='none' onInput={e => setDisplayName(e.currentTarget.value)} />
        <button type='submit' disabled={busy}>{shownName.trim() === '' ? 'Clear' : 'Publish'}</button>
      </form>
      <h2>Only on this node</h2>
      <h3>Private plays ({privacy.local.private.length})</h3>
      {privacy.local.private.length === 0
        ? <p>None{privacy.privateByDefault ? ' yet (new plays are private by default)' : ''}.</p>
        : (
          <>
            <ul id='private-plays'>{privacy.local.private.map(p => <li key={p.item}>{p.title ?? p.item} <span class='muted'>({p.weight})</span> <button type='button' disabled={busy} onClick={() => { void act(async () => await call('privacy.publish', { items: [p.item] })) }}>Publish</button></li>)}</ul>
            <button type='button' disabled={busy} onClick={() => { void act(async () => await call('privacy.publish', { all: true })) }}>Publish all</button>
          </>
          )}
      <h3>Not interested ({controls.notInterested.length})</h3>
      <ul id='not-interested'>{controls.notInterested.map(c => <li key={c.item}>{c.title ?? c.item} <button type='button' disabled={busy} onClick={() => { void act(async () => await call('controls.undoNotInterested', { item: c.item })) }}>Undo</button></li>)}</ul>
      <h3>Muted items ({controls.mutedItems.length})</h3>
      <ul id='muted-items'>{controls.mutedItems.map(c => <li key={c.item}>{c.title ?? c.item} <button type='button' disabled={busy} onClick={() => { void act(async () => await call('controls.unmuteItem', { item: c.item })) }}>Unmute</button></li>)}</ul>
      <h3>Muted people ({controls.mutedAuthors.length})</h3>
      <ul id='muted-people'>{controls.mutedAuthors.map(c => <li key={c.author}><a href={`#/network/${c.author}`} title={c.author}>{personName(c.author)}</a> <button type='button' disabled={busy} onClick={() => { void act(async () => await call('controls.unmuteAuthor', { author: c.author })) }}>Unmute</button></li>)}</ul>
    </section>
  )
}
