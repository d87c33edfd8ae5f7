// npm run bench [-- --quick] [-- --suite fleet-changes]: every suite, peers measured in the same run, results under benchmarks/results/.
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'
import { writeResults } from './report.mjs'
import { coldLoadSuite } from './suites/cold-load.mjs'
import { faultsSuite } from './suites/faults.mjs'
import { fleetSuite } from './suites/fleet.mjs'
import { fleetChangesSuite } from './suites/fleet-changes.mjs'
import { herdSuite } from './suites/herd.mjs'
import { hitRatioSuite } from './suites/hit-ratio.mjs'
import { hitsSuite } from './suites/hits.mjs'
import { lambdaSuite } from './suites/lambda.mjs'
import { memorySuite } from './suites/memory.mjs'
import { scrubSuite } from './suites/scrub.mjs'
import { secretsBatchSuite } from './suites/secrets-batch.mjs'
import { serviceSuite } from './suites/service.mjs'

const quick = process.argv.includes('--quick')
const suiteFlag = process.argv.indexOf('--suite')
const only = suiteFlag === -1 ? undefined : process.argv[suiteFlag + 1]
const suites = [
  ['hits', 'cache hits', hitsSuite],
  ['cold', 'cold load', coldLoadSuite],
  ['herd', 'thundering herd', herdSuite],
  ['hit-ratio', 'hit ratio', hitRatioSuite],
  ['memory', 'memory per entry', memorySuite],
  ['fleet', 'fleet start', fleetSuite],
  ['secrets', 'Secrets Manager batch', secretsBatchSuite],
  ['service', 'service route', serviceSuite],
  ['fleet-changes', 'fleet changes (simulated hour)', fleetChangesSuite],
  ['faults', 'faults (call policy)', faultsSuite],
  ['scrub', 'scrubbing (1 MB, 100 secrets)', scrubSuite],
  ['lambda', 'AWS Lambda', lambdaSuite],
].filter(([id]) => !only || id === only)

const results = []
for (const [index, [id, label, run]] of suites.entries()) {
  const start = performance.now()
  process.stdout.write(`[${index + 1}/${suites.length}] ${label}${quick ? ' (quick)' : ''} ... `)
  const result = await run({ quick })
  results.push({ id, ...result })
  console.log(`done in ${((performance.now() - start) / 1000).toFixed(1)} s`)
}

const meta = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
  mode: quick ? 'quick' : 'full',
}
const dir = fileURLToPath(new URL('../results', import.meta.url))
// One suite alone writes suite-<id>.* (not committed), so it never passes for a full run's results.
const name = only ? `${quick ? 'quick-' : ''}suite-${only}` : quick ? 'quick' : 'latest'
writeResults(dir, name, results, meta)
console.log(`results written to benchmarks/results/${name}.{json,md} and SVG charts`)
