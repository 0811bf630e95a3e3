// Whether dist/ (scripts/build.js) is current: built after the last change to any source
// file, and no source added or removed since. Plain JavaScript with no dependencies:
// cli/bin.js calls it on every start, so it only stats what the build recorded (the files,
// and their directories, whose mtime moves when a file is added, removed or renamed).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

export const ROOT = join(import.meta.dirname, '..')
/** Source trees the command runs (tests and benches run through tsx/vitest). */
export const SOURCE_DIRS = ['cli', 'node', 'graph', 'src']

/** Every source file (.ts, not .d.ts; .mjs) and directory under SOURCE_DIRS, relative to the root. */
export function sources () {
  const files = []
  const dirs = [...SOURCE_DIRS]
  for (const dir of SOURCE_DIRS) {
    for (const e of readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })) {
      const rel = join(e.parentPath ?? e.path, e.name).slice(ROOT.length + 1)
      if (e.isDirectory()) dirs.push(rel)
      else if (e.isFile() && ((rel.endsWith('.ts') && !rel.endsWith('.d.ts')) || rel.endsWith('.mjs'))) files.push(rel)
    }
  }
  return { files: files.sort(), dirs: dirs.sort() }
}

/** True when dist/ holds a build of exactly the current sources. */
export function distIsCurrent () {
  let built
  try {
    built = JSON.parse(readFileSync(join(ROOT, 'dist', 'build.json'), 'utf8'))
    for (const p of [...built.dirs, ...built.files]) if (statSync(join(ROOT, p)).mtimeMs >= built.started) return false
  } catch {
    return false // never built, half-written, or a recorded source is gone: run the sources
  }
  return true
}
