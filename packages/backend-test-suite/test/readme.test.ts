import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8')
const config = fileURLToPath(new URL('./fixtures/vitest.config.ts', import.meta.url))
const vitestBin = fileURLToPath(new URL('../../../node_modules/vitest/vitest.mjs', import.meta.url))

/** Each ```ts block of the README that is a whole test file (it imports the suite). */
const testFiles = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
  .map((m) => m[1]!)
  .filter((code) => code.startsWith('import '))

describe('README', () => {
  it('the example with an injected runner, one group and additionalTests runs that group and the extra test, all passing', () => {
    const example = testFiles.find((code) => code.includes('additionalTests'))
    expect(example).toBeDefined()
    const file = fileURLToPath(new URL('./fixtures/readme-example.generated.test.ts', import.meta.url))
    writeFileSync(file, example!)
    try {
      const run = spawnSync(
        process.execPath,
        [vitestBin, 'run', 'readme-example', '--config', config, '--reporter', 'json'],
        { encoding: 'utf8', timeout: 120_000 },
      )
      const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as {
        testResults: { assertionResults: { ancestorTitles: string[]; title: string; status: string }[] }[]
      }
      const results = report.testResults.flatMap((f) => f.assertionResults)
      expect(results.filter((r) => r.status !== 'passed')).toEqual([])
      expect(run.status).toBe(0)
      const blocks = [...new Set(results.map((r) => r.ancestorTitles.join(' > ')))]
      expect(blocks).toEqual(['memory backend conformance', 'memory backend conformance > reads'])
      expect(results.map((r) => r.title)).toContain('keeps a value written beside the suite')
      expect(results.length).toBeGreaterThan(5)
    } finally {
      rmSync(file, { force: true })
    }
  }, 150_000)
})
