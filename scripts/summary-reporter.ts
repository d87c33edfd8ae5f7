import { writeFileSync } from 'node:fs'
import type { Reporter, TestModule } from 'vitest/node'

/** Ends a run with one plain "N passed, N failed" line that CI and people can read. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0
    let failed = 0
    let skipped = 0
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') passed++
        else if (state === 'failed') failed++
        else skipped++
      }
      if (module.state() === 'failed' && module.children.size === 0) failed++
    }
    const tail = skipped > 0 ? `, ${skipped} skipped` : ''
    const line = `tests: ${passed} passed, ${failed} failed${tail}`
    process.stdout.write(`\n${line}\n`)
    // .ci/run prints it again as its very last line, after the coverage table.
    writeFileSync('test-summary.txt', `${line}\n`)
  }
}
