/** Types of cli/dist-state.js (plain JavaScript: it runs before anything is compiled). */
export const ROOT: string
export const SOURCE_DIRS: string[]
export function sources (): { files: string[], dirs: string[] }
export function distIsCurrent (): boolean
