/** How numbers read in the CLI's output for people. */
import { describe, expect, it } from 'vitest'
import { formatBytes, formatDuration, formatScore } from '../../cli/output.js'

describe('output for people', () => {
  it('scores keep three significant digits, however small (no 0.0000 on a large graph)', () => {
    expect(formatScore(0.000123456)).toBe('0.000123')
    expect(formatScore(0.5)).toBe('0.500')
    expect(formatScore(-0.0421)).toBe('-0.0421')
    expect(formatScore(0)).toBe('0')
    expect(formatScore(3.2e-9)).toBe('3.20e-9')
  })

  it('durations in the two largest units', () => {
    expect(formatDuration(999)).toBe('0 s')
    expect(formatDuration(59_000)).toBe('59 s')
    expect(formatDuration(725_000)).toBe('12 min 5 s')
    expect(formatDuration(3_725_000)).toBe('1 h 2 min')
    expect(formatDuration(2 * 86_400_000 + 4 * 3_600_000 + 1)).toBe('2 d 4 h')
  })

  it('sizes in binary units with one decimal', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(42_880)).toBe('41.9 KiB')
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GiB')
  })
})
