import { fileURLToPath } from 'node:url'
import { packAndImport } from '@paramkit/test-support/pack-check'
import { describe, expect, it } from 'vitest'

const core = fileURLToPath(new URL('../../core', import.meta.url))
const suite = fileURLToPath(new URL('..', import.meta.url))

describe('packed tarball', () => {
  it('exports backendConformanceSuite from ESM and CommonJS, with types', () => {
    const check = (load: string) =>
      `${load}\nconsole.log(JSON.stringify({ suite: typeof backendConformanceSuite, omitted: omittedGroups({ write: true, types: ['String'], versionSelectors: true, labelSelectors: true, stages: false, nonRecursiveList: true, maxValueBytes: 1, batchSize: 1 }).map((o) => o.group) }))`
    const result = packAndImport({
      packages: [core, suite],
      // vitest is a peer dependency: loading the module must not need it until the suite registers tests.
      esm: check(`import { backendConformanceSuite, omittedGroups } from '@paramkit/backend-test-suite'`),
      cjs: check(
        `const { backendConformanceSuite, omittedGroups } = require('@paramkit/backend-test-suite')`,
      ).replace(
        'console.log(JSON.stringify({',
        "let cjsError\ntry { backendConformanceSuite('x', () => ({})) } catch (e) { cjsError = e.message }\nconsole.log(JSON.stringify({ cjsError,",
      ),
      types: {
        mts: `import { backendConformanceSuite, type ConformanceOptions } from '@paramkit/backend-test-suite'\nexport const o: ConformanceOptions = { root: '/x' }\nexport const f: typeof backendConformanceSuite = backendConformanceSuite\n`,
        cts: `import type { SeedEntry } from '@paramkit/backend-test-suite'\nexport const e: SeedEntry = { name: '/a', value: 'v', type: 'String' }\n`,
      },
    })
    expect(JSON.parse(result.esm)).toEqual({ suite: 'function', omitted: ['stages'] })
    expect(JSON.parse(result.cjs)).toEqual({
      suite: 'function',
      omitted: ['stages'],
      cjsError: expect.stringMatching(/vitest is ESM-only/),
    })
  }, 180_000)
})
