import { writeFileSync } from 'node:fs'
import type { Reporter, TestModule, Vitest } from 'vitest/node'

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ')

/**
 * What failed, one line each, as `project file > suite > test`: every failed test, every suite whose hook
 * failed (its tests show as skipped, so a run that failed only in a `beforeAll` would otherwise count 0
 * failed) and every file that failed to load.
 */
export function failures(testModules: ReadonlyArray<TestModule>): string[] {
  const names: string[] = []
  for (const module of testModules) {
    const where = `${module.project.name} ${module.relativeModuleId}`
    for (const test of module.children.allTests()) {
      if (test.result().state === 'failed') names.push(oneLine(`${where} > ${test.fullName}`))
    }
    for (const suite of module.children.allSuites()) {
      const [error] = suite.errors()
      if (error) names.push(oneLine(`${where} > ${suite.fullName} (suite: ${error.message})`))
    }
    const [error] = module.errors()
    if (error) names.push(oneLine(`${where} (file: ${error.message})`))
  }
  return names
}

/** Counts a run's tests into one plain `tests: N passed, N failed` line; failed suites and files count as one each. */
export function summaryLine(testModules: ReadonlyArray<TestModule>): string {
  let passed = 0
  let skipped = 0
  for (const module of testModules) {
    for (const test of module.children.allTests()) {
      const state = test.result().state
      if (state === 'passed') passed++
      else if (state !== 'failed') skipped++
    }
  }
  const failed = failures(testModules).length
  const tail = skipped > 0 ? `, ${skipped} skipped` : ''
  return `tests: ${passed} passed, ${failed} failed${tail}`
}

/**
 * Ends a run with the summary line as the last line of output, and writes it to test-summary.txt followed
 * by one `failed: <what>` line per failure. With coverage on, the coverage report is printed after
 * onTestRunEnd, so the line waits for onFinishedReportCoverage (which vitest skips when tests failed).
 */
export default class SummaryReporter implements Reporter {
  private vitest: Vitest | undefined
  private pending: string | undefined

  onInit(vitest: Vitest): void {
    this.vitest = vitest
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const line = summaryLine(testModules)
    const failed = failures(testModules).map((name) => `failed: ${name}\n`)
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
