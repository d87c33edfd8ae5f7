// CI's failure report: the summary reporter names every failure (tests, hooks, files that do not load)
// and the combined summary of the three Node runs repeats them and fails.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const vitest = join(root, 'node_modules/.bin/vitest')
const dir = mkdtempSync(join(tmpdir(), 'paramkit-summary-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const FIXTURES = {
  'hooks.test.ts': `import { beforeAll, describe, expect, it } from 'vitest'
describe('hooked', () => {
  beforeAll(() => { throw new Error('hook broke') })
  it('never runs', () => expect(1).toBe(1))
})
it('two\\nlines', () => expect(1).toBe(2))
it('passes', () => expect(1).toBe(1))
`,
  'broken.test.ts': `import { it } from 'vitest'\nthrow new Error('cannot load')\nit('x', () => {})\n`,
}

describe('the test summary CI prints last', () => {
  it('names failed tests, failed hooks and files that do not load, one line each', () => {
    for (const [name, text] of Object.entries(FIXTURES)) writeFileSync(join(dir, name), text)
    const run = spawnSync(
      vitest,
      ['run', '--root', dir, '--reporter', join(root, 'scripts/summary-reporter.ts')],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    )
    expect(run.status).toBe(1)
    expect(readFileSync(join(dir, 'test-summary.txt'), 'utf8').trim().split('\n').sort()).toEqual(
      [
        'tests: 1 passed, 3 failed, 1 skipped',
        'failed:  hooks.test.ts > two lines',
        'failed:  hooks.test.ts > hooked (suite: hook broke)',
        'failed:  broken.test.ts (file: cannot load)',
      ].sort(),
    )
  }, 60_000)

  it('sums the Node runs, repeats each failure with its Node, and fails on any failure or missing run', () => {
    writeFileSync(join(dir, '20.txt'), 'tests: 5 passed, 0 failed\n')
    writeFileSync(join(dir, '22.txt'), 'tests: 4 passed, 1 failed\nfailed: core test/a.test.ts > flaky\n')
    const combine = (...args: string[]) =>
      spawnSync('node', [join(root, 'scripts/ci/combine-summaries.mjs'), ...args], { encoding: 'utf8' })
    const red = combine(
      `20=${join(dir, '20.txt')}`,
      `22=${join(dir, '22.txt')}`,
      `24=${join(dir, 'none.txt')}`,
    )
    expect(red.status).toBe(1)
    expect(red.stdout.trim().split('\n')).toEqual([
      'node 22 failed: core test/a.test.ts > flaky',
      'tests: 9 passed, 2 failed (node 20: 5/5, node 22: 4/5, node 24: no summary)',
    ])
    const green = execFileSync(
      'node',
      [join(root, 'scripts/ci/combine-summaries.mjs'), `20=${join(dir, '20.txt')}`],
      {
        encoding: 'utf8',
      },
    )
    expect(green.trim()).toBe('tests: 5 passed, 0 failed (node 20: 5/5)')
  })
})
