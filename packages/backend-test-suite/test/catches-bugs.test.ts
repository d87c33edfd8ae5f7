import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const config = fileURLToPath(new URL('./fixtures/vitest.config.ts', import.meta.url))
const vitestBin = fileURLToPath(new URL('../../../node_modules/vitest/vitest.mjs', import.meta.url))

describe('the suite catches a buggy backend', () => {
  it('fails the tests that cover not-found, pagination and unicode, and only those kinds', () => {
    const run = spawnSync(
      process.execPath,
      [vitestBin, 'run', 'buggy.test.ts', '--config', config, '--reporter', 'json'],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    )
    expect(run.status).not.toBe(0)
    const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as {
      testResults: { assertionResults: { title: string; status: string }[] }[]
    }
    const failed = report.testResults.flatMap((f) =>
      f.assertionResults.filter((a) => a.status === 'failed').map((a) => a.title),
    )
    expect(failed).toEqual(
      expect.arrayContaining([
        'get of a missing name is NotFoundError naming it, never another error',
        'paginates: any page size visits every entry exactly once, a token on every page but the last',
        'stores unicode exactly',
      ]),
    )
    expect(failed.length).toBeLessThan(10)
  }, 150_000)
})
