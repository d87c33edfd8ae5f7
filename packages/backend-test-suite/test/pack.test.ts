import { fileURLToPath } from 'node:url'
import { packAndImport } from '@paramkit/test-support/pack-check'
import { describe, expect, it } from 'vitest'

const core = fileURLToPath(new URL('../../core', import.meta.url))
const suite = fileURLToPath(new URL('..', import.meta.url))

const names = 'backendConformanceSuite, omittedGroups, conformanceGroups, readGroup'
/** A test API that only records titles: enough to see the suite register under CommonJS. */
const recorder =
  'const titles = []\nconst test = { describe: (n, body) => body(), it: (t) => titles.push(t), expect: () => ({}), beforeEach() {}, afterEach() {} }'

describe('packed tarball', () => {
  it('exports backendConformanceSuite and the groups from ESM and CommonJS, with types', () => {
    const check = (load: string) =>
      `${load}\n${recorder}\nconsole.log(JSON.stringify({ suite: typeof backendConformanceSuite, groups: conformanceGroups.map((g) => g.name), read: readGroup.name, omitted: omittedGroups({ write: true, types: ['String'], versionSelectors: true, labelSelectors: true, stages: false, nonRecursiveList: true, maxValueBytes: 1, batchSize: 1 }).map((o) => o.group) }))`
    const result = packAndImport({
      packages: [core, suite],
      // vitest is a peer dependency: loading the module must not need it until the suite registers tests.
      esm: check(`import { ${names} } from '@paramkit/backend-test-suite'`),
      cjs: check(`const { ${names} } = require('@paramkit/backend-test-suite')`).replace(
        'console.log(JSON.stringify({',
        "let cjsError\ntry { backendConformanceSuite('x', () => ({})) } catch (e) { cjsError = e.message }\n" +
          "backendConformanceSuite('memory', () => ({ capabilities: { write: false, types: ['String'], batchSize: 1, maxValueBytes: 1 } }), { test, groups: [readGroup] })\n" +
          'console.log(JSON.stringify({ cjsError, cjsTitles: titles.length,',
      ),
      types: {
        mts: `import { backendConformanceSuite, type ConformanceOptions, readGroup } from '@paramkit/backend-test-suite'\nexport const o: ConformanceOptions = { root: '/x', groups: [readGroup], additionalTests: (ctx) => ctx.test.it('own', () => {}) }\nexport const f: typeof backendConformanceSuite = backendConformanceSuite\n`,
        cts: `import type { SeedEntry, TestApi } from '@paramkit/backend-test-suite'\nexport const e: SeedEntry = { name: '/a', value: 'v', type: 'String' }\nexport type T = TestApi['it']\n`,
      },
    })
    const groups = ['reads', 'types', 'list', 'list (one level)', 'versions', 'labels', 'stages', 'writes']
    expect(JSON.parse(result.esm)).toEqual({ suite: 'function', groups, read: 'reads', omitted: ['stages'] })
    // The suite's `[conformance memory] ...` line comes first.
    expect(JSON.parse(result.cjs.trim().split('\n').at(-1)!)).toEqual({
      suite: 'function',
      groups,
      read: 'reads',
      omitted: ['stages'],
      cjsError: expect.stringMatching(/vitest is ESM-only.*or pass options\.test/),
      // The capability test and the six read tests, registered with the injected API.
      cjsTitles: 7,
    })
  }, 180_000)
})
