// `node --enable-source-maps benchmarks/src/cold-miss-files.mjs [key]`, after `npm run build`.
// Which source files of @paramkit/core run on one cold miss (a `get` of a key the cache does not hold, on a
// warm client): V8 precise coverage over the built package, mapped back to src/ through its source maps.
import { readFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { findSourceMap } from 'node:module'
import { fileURLToPath } from 'node:url'
import { createConfig } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'

const backend = memoryBackend({
  seed: { '/prod/api/db/host': 'db.internal', '/prod/api/db/port': '5432', '/prod/shared/region': 'eu' },
})
const config = createConfig({ backend, env: 'prod', service: 'api', fallbacks: ['/{env}/shared'] })
await config.get('db/port') // warm: the data key, the resolver, the policy exist

const session = new Session()
session.connect()
await session.post('Profiler.enable')
await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false })
await session.post('Profiler.takePreciseCoverage') // resets the counts
const cold = process.argv[2] ?? 'db/host'
await config.get(cold)
const { result } = await session.post('Profiler.takePreciseCoverage')
await session.post('Profiler.stopPreciseCoverage')

const files = new Map()
for (const script of result) {
  if (!script.url.includes('/packages/core/dist/')) continue
  const path = fileURLToPath(script.url)
  const map = findSourceMap(path)
  const text = readFileSync(path, 'utf8')
  const lineStarts = [0]
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1)
  for (const fn of script.functions) {
    const range = fn.ranges[0]
    if (!range || range.count === 0 || fn.functionName === '') continue
    const line = lineStarts.findLastIndex((s) => s <= range.startOffset)
    const entry = map?.findEntry(line, range.startOffset - lineStarts[line])
    const source = entry?.originalSource?.replace(/^.*\/packages\/core\//, '') ?? path
    if (!files.has(source)) files.set(source, new Set())
    files.get(source).add(fn.functionName)
  }
}
console.log(`cold miss of "${cold}": ${files.size} core files`)
for (const [file, fns] of [...files].sort()) console.log(`  ${file}: ${[...fns].join(', ')}`)
await config.close()
