#!/usr/bin/env node
// Prints one `tests: N passed, N failed` line summing the per-Node summaries given as
// `major=file` arguments, followed by the count per Node version,
// after one `node N failed: <test>` line per failed test. Exits 1 if any failed or is missing.
import { existsSync, readFileSync } from 'node:fs'

let passed = 0
let failed = 0
const parts = []
const failures = []
for (const arg of process.argv.slice(2)) {
  const [major, file] = arg.split('=')
  const match = existsSync(file) && /tests: (\d+) passed, (\d+) failed/.exec(readFileSync(file, 'utf8'))
  if (!match) {
    failed++
    parts.push(`node ${major}: no summary`)
    continue
  }
  for (const name of readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('failed: '))) {
    failures.push(`node ${major} ${name}`)
  }
  passed += Number(match[1])
  failed += Number(match[2])
  parts.push(`node ${major}: ${match[1]}/${Number(match[1]) + Number(match[2])}`)
}
for (const failure of failures) console.log(failure)
console.log(`tests: ${passed} passed, ${failed} failed (${parts.join(', ')})`)
process.exitCode = failed > 0 ? 1 : 0
