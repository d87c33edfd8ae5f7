import type { TestApi } from '@paramkit/backend-test-suite'
import { expect } from 'vitest'

type Body = () => Promise<unknown> | unknown

/**
 * A test API that records what the suite registers instead of handing it to vitest, so a test can
 * run the suite against a backend that must fail it and look at which tests failed.
 */
export function recordingRunner() {
  const tests: { title: string; path: string[]; body: Body }[] = []
  const beforeEach: Body[] = []
  const afterEach: Body[] = []
  const path: string[] = []
  const api: TestApi = {
    describe(name, body) {
      path.push(name)
      try {
        body()
      } finally {
        path.pop()
      }
    },
    it: (title, body) => {
      tests.push({ title, path: [...path], body })
    },
    expect: (actual) => expect(actual),
    beforeEach: (hook) => {
      beforeEach.push(hook)
    },
    afterEach: (hook) => {
      afterEach.push(hook)
    },
  }

  /** Runs every recorded test with its hooks; the titles that passed and those that failed. */
  async function run(): Promise<{ passed: string[]; failed: string[] }> {
    const passed: string[] = []
    const failed: string[] = []
    for (const test of tests) {
      try {
        for (const hook of beforeEach) await hook()
        await test.body()
        passed.push(test.title)
      } catch {
        failed.push(test.title)
      } finally {
        for (const hook of afterEach) await hook()
      }
    }
    return { passed, failed }
  }

  return { api, tests, run }
}
