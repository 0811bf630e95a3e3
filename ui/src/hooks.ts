/** Small hooks shared by the pages. */
import { useEffect, useState } from 'preact/hooks'
import { live } from './api.js'
import type { UiEvents } from './api.js'

/** The latest value of a live event (undefined until the first arrives). */
export function useLive<K extends keyof UiEvents> (event: K): UiEvents[K] | undefined {
  const [value, setValue] = useState<UiEvents[K] | undefined>(live.last[event])
  useEffect(() => live.on(event, setValue), [event])
  return value
}

export interface Loaded<T> { data?: T, error?: string, loading: boolean, reload: () => void }

/**
 * Load with `fn` now and whenever `reload()` is called or a `records` event arrives
 * (when `onRecords`); a reload never blanks what is shown.
 */
export function useLoad<T> (fn: () => Promise<T>, opts: { onRecords?: boolean } = {}): Loaded<T> {
  const [state, setState] = useState<{ data?: T, error?: string, loading: boolean }>({ loading: true })
  const [tick, setTick] = useState(0)
  useEffect(() => {
    let live = true
    setState(s => ({ ...s, loading: true }))
    fn().then(data => { if (live) setState({ data, loading: false }) },
      (err: Error) => { if (live) setState(s => ({ ...s, error: err.message, loading: false })) })
    return () => { live = false }
  }, [tick])
  useEffect(() => opts.onRecords === true ? live.on('records', () => setTick(t => t + 1)) : undefined, [])
  return { ...state, reload: () => setTick(t => t + 1) }
}

/** Scores as the CLI prints them: four decimals. */
export function formatScore (s: number): string {
  return s.toFixed(4)
}
