/**
 * The trust–relevance frontier as a standalone SVG: x = spam contamination of the top-k,
 * y = HR@k, one point per method and β, points of a family joined in β order. Pure string
 * building (no DOM), so the CLI and the bench write the same picture.
 */
import type { MethodResult } from './evaluate.js'

/** Plot options. */
export interface FrontierOptions {
  /** @default 'Trust–relevance frontier' */
  title: string
  /** @default 10 */
  k: number
  /** @default 720 */
  width: number
  /** @default 460 */
  height: number
}

const palette = ['#1b6ca8', '#d1495b', '#2e933c', '#edae49', '#6a4c93', '#00798c', '#8d6a9f', '#3d405b', '#c06c84', '#6c757d']

/** Render result rows as an SVG document. */
export function frontierSvg (rows: readonly MethodResult[], options: Partial<FrontierOptions> = {}): string {
  const o: FrontierOptions = { title: 'Trust–relevance frontier', k: 10, width: 720, height: 460, ...options }
  const m = { left: 64, right: 230, top: 44, bottom: 56 }
  const w = o.width - m.left - m.right
  const h = o.height - m.top - m.bottom
  const xMax = niceCeil(Math.max(0.01, ...rows.map(r => r.spamSlots)))
  const yMax = niceCeil(Math.max(0.05, ...rows.map(r => r.hr)))
  // √ scale on x: the defended methods sit near 0 and would otherwise overlap.
  const X = (v: number): number => m.left + Math.sqrt(v / xMax) * w
  const Y = (v: number): number => m.top + h - (v / yMax) * h
  const out: string[] = []
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${o.width}" height="${o.height}" viewBox="0 0 ${o.width} ${o.height}" font-family="sans-serif" font-size="12">`)
  out.push(`<rect width="100%" height="100%" fill="white"/>`)
  out.push(`<text x="${m.left}" y="24" font-size="15" font-weight="bold">${esc(o.title)}</text>`)
  for (const t of ticks(xMax)) {
    out.push(`<line x1="${f(X(t))}" y1="${m.top}" x2="${f(X(t))}" y2="${m.top + h}" stroke="#eee"/>`)
    out.push(`<text x="${f(X(t))}" y="${m.top + h + 16}" text-anchor="middle">${pct(t)}</text>`)
  }
  for (const t of linearTicks(yMax)) {
    out.push(`<line x1="${m.left}" y1="${f(Y(t))}" x2="${m.left + w}" y2="${f(Y(t))}" stroke="#eee"/>`)
    out.push(`<text x="${m.left - 6}" y="${f(Y(t)) + 4}" text-anchor="end">${t.toFixed(2)}</text>`)
  }
  out.push(`<rect x="${m.left}" y="${m.top}" width="${w}" height="${h}" fill="none" stroke="#888"/>`)
  out.push(`<text x="${m.left + w / 2}" y="${o.height - 14}" text-anchor="middle">spam in top-${o.k} slots (√ scale) — lower is better</text>`)
  out.push(`<text transform="translate(16 ${m.top + h / 2}) rotate(-90)" text-anchor="middle">HR@${o.k} — higher is better</text>`)
  const families = [...new Set(rows.map(r => r.family))]
  families.forEach((fam, n) => {
    const color = palette[n % palette.length]
    const pts = rows.filter(r => r.family === fam).sort((a, b) => (a.beta ?? 0) - (b.beta ?? 0))
    if (pts.length > 1) out.push(`<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${pts.map(p => `${f(X(p.spamSlots))},${f(Y(p.hr))}`).join(' ')}"/>`)
    for (const p of pts) {
      out.push(`<circle cx="${f(X(p.spamSlots))}" cy="${f(Y(p.hr))}" r="4.5" fill="${color}"><title>${esc(`${p.method}${p.beta !== undefined ? ` β=${p.beta}` : ''}: HR@${o.k} ${p.hr.toFixed(3)}, spam ${pct(p.spamSlots)}`)}</title></circle>`)
      if (p.beta !== undefined && pts.length > 1) out.push(`<text x="${f(X(p.spamSlots) + 6)}" y="${f(Y(p.hr) - 6)}" font-size="10" fill="${color}">β=${p.beta}</text>`)
    }
    const ly = m.top + 8 + n * 18
    out.push(`<circle cx="${m.left + w + 18}" cy="${ly}" r="4.5" fill="${color}"/>`)
    out.push(`<text x="${m.left + w + 28}" y="${ly + 4}">${esc(fam)}</text>`)
  })
  out.push('</svg>')
  return out.join('\n') + '\n'
}

function niceCeil (v: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(v)))
  for (const s of [1, 2, 2.5, 5, 10]) if (s * p >= v) return s * p
  return 10 * p
}

function ticks (max: number): number[] {
  return [0, 0.01, 0.04, 0.09, 0.16, 0.25, 0.36, 0.49, 0.64, 0.81, 1].map(s => s * max)
    .filter((t, i, a) => i === 0 || X0(t, max) - X0(a[i - 1], max) > 0.06)
}
function X0 (t: number, max: number): number { return Math.sqrt(t / max) }

function linearTicks (max: number): number[] {
  return Array.from({ length: 6 }, (_, i) => (max * i) / 5)
}

function pct (v: number): string {
  return v === 0 ? '0%' : v < 0.01 ? `${(v * 100).toFixed(2)}%` : `${(v * 100).toFixed(1)}%`
}

function f (v: number): string { return v.toFixed(1) }

function esc (s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}
