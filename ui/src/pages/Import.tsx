/**
 * Import: drop (or pick) a history file — a service's export (ListenBrainz, Last.fm CSV,
 * Spotify), a plays CSV or a `meritwalk export` — parsed and checked whole by the same
 * module as `meritwalk import` (src/history/), then sent in the daemon's batch sizes with a
 * progress bar: listens as play counts through social.importHistory, plays through
 * social.interactMany, an export through records.import. The recommendations re-rank as
 * the records land.
 */
import { useState } from 'preact/hooks'
import { call } from '../api.js'
import { MAX_BULK_ENTRIES, MAX_IMPORT } from '../../../node/rpc/limits.js'
import { HistoryError, readHistory } from '../../../src/history/index.js'
import type { Level } from '../../../src/history/index.js'

interface Progress { file: string, done: number, total: number, unit: string, finished: boolean, note?: string }

/** `send` each batch of `size` of `entries`, advancing the progress bar; what `send` returns, in order. */
async function inBatches<T, R> (entries: T[], size: number, p: Progress, show: (p: Progress) => void, send: (batch: T[]) => Promise<R>): Promise<R[]> {
  const out: R[] = []
  show({ ...p })
  for (let i = 0; i < entries.length; i += size) {
    const batch = entries.slice(i, i + size)
    out.push(await send(batch))
    p.done += batch.length
    show({ ...p })
  }
  return out
}

export function ImportPage () {
  const [progress, setProgress] = useState<Progress>()
  const [error, setError] = useState<string>()
  const [over, setOver] = useState(false)
  const [level, setLevel] = useState<Level>('artist')
  const [keepPrivate, setKeepPrivate] = useState(false)

  async function run (file: File): Promise<void> {
    setError(undefined)
    setProgress(undefined)
    try {
      const history = readHistory(await file.text(), file.name, { level })
      const priv = keepPrivate ? { private: true } : {}
      if (history.format === 'plays') {
        const p: Progress = { file: file.name, done: 0, total: history.plays.length, unit: 'items', finished: false }
        await inBatches(history.plays, MAX_BULK_ENTRIES, p, setProgress, async entries => await call('social.interactMany', { entries, ...priv }))
        setProgress({ ...p, finished: true })
      } else if (history.format === 'records') {
        const p: Progress = { file: file.name, done: 0, total: history.records.length, unit: 'records', finished: false }
        const answers = await inBatches(history.records, MAX_IMPORT, p, setProgress, async records => await call('records.import', { records }))
        const rejected = answers.reduce((n, a) => n + a.rejected.length, 0)
        setProgress({ ...p, finished: true, ...(rejected > 0 ? { note: `${rejected} record(s) refused by the node` } : {}) })
      } else {
        const { format, counts, listens, skipped } = history
        const p: Progress = { file: file.name, done: 0, total: counts.length, unit: `${level}s`, finished: false }
        await inBatches(counts, MAX_BULK_ENTRIES, p, setProgress, async entries => await call('social.importHistory', { source: format, entries, ...priv }))
        setProgress({ ...p, finished: true, note: `${listens} ${format} listens${skipped > 0 ? `; ${skipped} skipped: episodes or plays under 30 s` : ''}${keepPrivate ? '; kept private' : ''}` })
      }
    } catch (err) {
      // A HistoryError already names the file and the row; the daemon's refusals do not.
      setError(err instanceof HistoryError ? err.message : `${file.name}: ${(err as Error).message}`)
    }
  }

  const onDrop = (e: DragEvent): void => {
    e.preventDefault()
    setOver(false)
    const file = e.dataTransfer?.files[0]
    if (file !== undefined) void run(file)
  }

  return (
    <section aria-labelledby='import-h'>
      <h1 id='import-h' tabIndex={-1}>Import your history</h1>
      <p class='hint'>
        The files <code>meritwalk import</code> reads: your ListenBrainz listens export (JSON), Last.fm scrobbles (CSV),
        Spotify extended streaming history (<code>Streaming_History_Audio_*.json</code>), a CSV of plays
        (<code>item,count[,title]</code>, e.g. <code>lastfm:artist:289,120,Radiohead</code>) or a <code>meritwalk export</code> file.
      </p>
      <fieldset class='import-options'>
        <legend>Options</legend>
        <label>Count listens per <select id='import-level' value={level} onChange={e => setLevel(e.currentTarget.value as Level)}>
          <option value='artist'>artist</option>
          <option value='track'>track</option>
        </select></label>
        <label><input id='import-private' type='checkbox' checked={keepPrivate} onChange={e => setKeepPrivate(e.currentTarget.checked)} /> keep private (rank with it, never publish it)</label>
      </fieldset>
      <label
        class={over ? 'drop over' : 'drop'}
        onDragOver={e => { e.preventDefault(); setOver(true) }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <span>Drop a file here, or choose one</span>
        <input id='import-file' type='file' accept='.csv,.txt,.jsonl,.json' onChange={e => { const f = e.currentTarget.files?.[0]; if (f !== undefined) void run(f) }} />
      </label>
      {error !== undefined && <p role='alert' class='error'>{error}</p>}
      {progress !== undefined && (
        <div class='progress' aria-live='polite'>
          <progress id='import-progress' max={progress.total} value={progress.done} aria-label={`importing ${progress.file}`} />
          <span id='import-count'>{progress.done} / {progress.total} {progress.unit}</span>
          {progress.finished && <span id='import-done' role='status'> — done{progress.note !== undefined ? ` (${progress.note})` : ''}</span>}
        </div>
      )}
    </section>
  )
}
