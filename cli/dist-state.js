// Whether dist/ (scripts/build.js) is current: built after the last change to any source
// file and from the same set of files. Plain JavaScript with no dependencies: cli/bin.js
// calls it on every start, before deciding how to load the command (about 1 ms of stats).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

export const ROOT = join(import.meta.dirname, '..')
/** Source trees the command runs (tests and benches run through tsx/vitest). */
export const SOURCE_DIRS = ['cli', 'node', 'graph', 'src']

/** Paths (relative to the root) of every file built or copied into dist/. */
export function sourceFiles () {
  const out = []
  for (const dir of SOURCE_DIRS) {
    for (const e of readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })) {
      if (!e.isFile()) continue
      const rel = join(e.parentPath ?? e.path, e.name).slice(ROOT.length + 1)
      if ((rel.endsWith('.ts') && !rel.endsWith('.d.ts')) || rel.endsWith('.mjs')) out.push(rel)
    }
  }
  return out.sort()
}

/** True when dist/ holds a build of exactly the current sources. */
export function distIsCurrent () {
  let built
  try {
    built = JSON.parse(readFileSync(join(ROOT, 'dist', 'build.json'), 'utf8'))
  } catch {
    return false // never built (or half-written): run the sources
  }
  const files = sourceFiles()
  if (files.length !== built.files) return false
  for (const f of files) if (statSync(join(ROOT, f)).mtimeMs >= built.started) return false
  return true
}
