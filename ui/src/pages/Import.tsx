/**
 * Import: drop (or pick) a history file; it is checked whole, then sent in the daemon's
 * batch sizes with a progress bar — plays through social.interactMany, an export through
 * records.import — and the recommendations re-rank as the records land.
 */
import { useState } from 'preact/hooks'
import { call } from '../api.js'
import { MAX_BULK_ENTRIES, MAX_IMPORT } from '../../../node/rpc/limits.js'
import { parseHistory } from '../history.js'

interface Progress { file: string, done: number, total: number, unit: string, finished: boolean, note?: string }

export function ImportPage () {
  const [progress, setProgress] = useState<Progress>()
  const [error, setError] = useState<string>()
  const [over, setOver] = useState(false)

  async function run (file: File): Promise<void> {
    setError(undefined)
    setProgress(undefined)
    try {
      const history = parseHistory(await file.text())
      if (history.kind === 'plays') {
        const { entries } = history
        const p: Progress = { file: file.name, done: 0, total: entries.length, unit: 'items', finished: false }
        setProgress({ ...p })
        for (let i = 0; i < entries.length; i += MAX_BULK_ENTRIES) {
          const batch = entries.slice(i, i + MAX_BULK_ENTRIES)
          await call('social.interactMany', { entries: batch })
          p.done += batch.length
          setProgress({ ...p })
        }
        setProgress({ ...p, finished: true })
      } else {
        const { records } = history
        const p: Progress = { file: file.name, done: 0, total: records.length, unit: 'records', finished: false }
        let rejected = 0
        setProgress({ ...p })
        for (let i = 0; i < records.length; i += MAX_IMPORT) {
          const batch = records.slice(i, i + MAX_IMPORT)
          rejected += (await call('records.import', { records: batch })).rejected.length
          p.done += batch.length
          setProgress({ ...p })
        }
        setProgress({ ...p, finished: true, ...(rejected > 0 ? { note: `${rejected} record(s) refused by the node` } : {}) })
      }
    } catch (err) {
      setError(`${file.name}: ${(err as Error).message}`)
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
      <p class='hint'>A CSV of plays (<code>item,count[,title]</code>, e.g. <code>lastfm:artist:289,120,Radiohead</code>) or a <code>meritwalk export</code> file — the files <code>meritwalk import</code> reads.</p>
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
