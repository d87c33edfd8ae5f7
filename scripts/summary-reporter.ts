import { writeFileSync } from 'node:fs'
import type { Reporter, TestModule, Vitest } from 'vitest/node'

/** Names each failed test as `project file > suite > test`, so a CI log's tail says what failed. */
export function failedTestNames(testModules: ReadonlyArray<TestModule>): string[] {
  const names: string[] = []
  for (const module of testModules) {
    const where = `${module.project.name} ${module.relativeModuleId}`
    for (const test of module.children.allTests()) {
      if (test.result().state === 'failed') names.push(`${where} > ${test.fullName}`)
    }
    if (module.state() === 'failed' && module.children.size === 0) names.push(`${where} (did not load)`)
  }
  return names
}

/** Counts a run's tests into one plain `tests: N passed, N failed` line. */
export function summaryLine(testModules: ReadonlyArray<TestModule>): string {
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
  return `tests: ${passed} passed, ${failed} failed${tail}`
}

/**
 * Ends a run with the summary line as the last line of output. With coverage on, the coverage
 * report is printed after onTestRunEnd, so the line waits for onFinishedReportCoverage (which
 * vitest skips when tests failed, as it then reports no coverage).
 */
export default class SummaryReporter implements Reporter {
  private vitest: Vitest | undefined
  private pending: string | undefined

  onInit(vitest: Vitest): void {
    this.vitest = vitest
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const line = summaryLine(testModules)
    const failed = failedTestNames(testModules).map((name) => `failed: ${name}\n`)
    writeFileSync('test-summary.txt', `${line}\n${failed.join('')}`)
    const coverage = this.vitest?.config.coverage
    const coverageFollows =
      coverage?.enabled && (coverage.reportOnFailure || this.vitest?.state.getCountOfFailedTests() === 0)
    if (coverageFollows) this.pending = line
    else process.stdout.write(`\n${line}\n`)
  }

  onFinishedReportCoverage(): void {
    if (this.pending) process.stdout.write(`\n${this.pending}\n`)
    this.pending = undefined
  }
}
