// Writes results as JSON, markdown tables and SVG charts.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { HIT_SERIES } from './suites/hits.mjs'

const format = (v) => {
  if (typeof v !== 'number') return String(v)
  if (!Number.isFinite(v)) return String(v)
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US')
  if (Number.isInteger(v)) return String(v)
  return v.toFixed(Math.abs(v) < 10 ? 3 : 1)
}

export function toMarkdown(results, meta) {
  const lines = [
    `# paramkit benchmarks`,
    '',
    `${meta.date} · Node ${meta.node} · ${meta.cpu} · ${meta.mode}`,
    '',
  ]
  for (const suite of results) {
    lines.push(`## ${suite.title}`, '')
    const columns = [...new Set(suite.rows.flatMap((r) => Object.keys(r)))]
    lines.push(`| ${columns.join(' | ')} |`, `| ${columns.map(() => '---').join(' | ')} |`)
    for (const row of suite.rows)
      lines.push(`| ${columns.map((c) => (c in row ? format(row[c]) : '')).join(' | ')} |`)
    if (suite.note) lines.push('', suite.note)
    lines.push('')
  }
  return lines.join('\n')
}

/** A grouped horizontal bar chart, log scale, one group per row and one bar per series. */
export function barChartSvg({ title, groups, series, unit }) {
  const colors = ['#2563eb', '#60a5fa', '#16a34a', '#f59e0b', '#6b7280', '#dc2626']
  const barH = 14
  const gap = 6
  const left = 250
  const width = 820
  const max = Math.max(...groups.flatMap((g) => series.map((s) => g.values[s] ?? 0)))
  const scale = (v) => (v <= 0 ? 0 : (Math.log10(v) / Math.log10(max)) * (width - left - 90))
  let y = 40
  const parts = [`<text x="10" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>`]
  for (const group of groups) {
    parts.push(
      `<text x="10" y="${y + 12}" font-size="12" font-weight="bold">${escapeXml(group.label)}</text>`,
    )
    y += 18
    series.forEach((name, i) => {
      const v = group.values[name] ?? 0
      parts.push(`<text x="20" y="${y + 11}" font-size="11">${escapeXml(name)}</text>`)
      parts.push(
        `<rect x="${left}" y="${y}" width="${scale(v).toFixed(1)}" height="${barH}" fill="${colors[i % colors.length]}"/>`,
      )
      parts.push(
        `<text x="${left + scale(v) + 4}" y="${y + 11}" font-size="11">${escapeXml(format(v))} ${unit}</text>`,
      )
      y += barH + gap
    })
    y += 8
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 10}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n${parts.join('\n')}\n</svg>\n`
}

function escapeXml(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

export function writeResults(dir, name, results, meta) {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify({ meta, results }, null, 2)}\n`)
  writeFileSync(join(dir, `${name}.md`), toMarkdown(results, meta))
  const hits = results.find((r) => r.id === 'hits')
  if (hits) {
    const series = HIT_SERIES
    const groups = hits.rows.map((r) => ({ label: `${r.size} B values`, values: r }))
    writeFileSync(
      join(dir, `${name}-hits.svg`),
      barChartSvg({ title: 'Hit path: hits per second (log scale)', groups, series, unit: '/s' }),
    )
  }
  const service = results.find((r) => r.id === 'service')
  if (service) {
    const groups = [
      {
        label: '5 reads per request',
        values: Object.fromEntries(service.rows.map((r) => [r.route, r['req/s']])),
      },
    ]
    writeFileSync(
      join(dir, `${name}-service.svg`),
      barChartSvg({
        title: 'Express 5 route, requests per second (log scale)',
        groups,
        series: service.rows.map((r) => r.route),
        unit: 'req/s',
      }),
    )
  }
  const cold = results.find((r) => r.id === 'cold')
  if (cold) {
    const byN = [...new Set(cold.rows.map((r) => r.n))]
    const groups = byN.map((n) => ({
      label: `N = ${n}`,
      values: Object.fromEntries(cold.rows.filter((r) => r.n === n).map((r) => [r.case, r['wall ms']])),
    }))
    const series = [...new Set(cold.rows.map((r) => r.case))]
    writeFileSync(
      join(dir, `${name}-cold-load.svg`),
      barChartSvg({ title: 'Cold load wall time, 20 ms per call (log scale)', groups, series, unit: 'ms' }),
    )
  }
}
