/** Types of cli/dist-state.js (plain JavaScript: it runs before anything is compiled). */
export const ROOT: string
export const SOURCE_DIRS: string[]
export function sourceFiles (): string[]
export function distIsCurrent (): boolean
