import {
  backendConformanceSuite,
  conformanceGroups,
  labelGroup,
  listGroup,
  oneLevelListGroup,
  readGroup,
  type SuiteContext,
  stageGroup,
  typeGroup,
  versionGroup,
  writeGroup,
} from '@paramkit/backend-test-suite'
import { minimalCapabilities } from '@paramkit/core/testing'
import { memoryBackend } from '@paramkit/memory-backend'
import { describe, expect, it } from 'vitest'
import { recordingRunner } from './support/recording-runner.js'

const suiteBlock = 'memory backend conformance'
const blocksOf = (tests: { path: string[] }[]) => [...new Set(tests.map((t) => t.path.join(' > ')))]

describe('conformance groups', () => {
  it('exports every group by itself and lists them all in conformanceGroups', () => {
    expect(conformanceGroups).toEqual([
      readGroup,
      typeGroup,
      listGroup,
      oneLevelListGroup,
      versionGroup,
      labelGroup,
      stageGroup,
      writeGroup,
    ])
    expect(conformanceGroups.map((g) => g.name)).toEqual([
      'reads',
      'types',
      'list',
      'list (one level)',
      'versions',
      'labels',
      'stages',
      'writes',
    ])
  })
})

describe('the injected test API', () => {
  it('registers every group by default, each in a describe block of its own inside the suite block', () => {
    const runner = recordingRunner()
    backendConformanceSuite('memory', () => memoryBackend(), { test: runner.api })
    expect(blocksOf(runner.tests)).toEqual([
      suiteBlock,
      ...conformanceGroups.map((g) => `${suiteBlock} > ${g.name}`),
    ])
  })

  it('runs only the groups asked for, and they pass', async () => {
    const runner = recordingRunner()
    backendConformanceSuite('memory', () => memoryBackend(), {
      test: runner.api,
      groups: [readGroup, writeGroup],
    })
    expect(blocksOf(runner.tests)).toEqual([suiteBlock, `${suiteBlock} > reads`, `${suiteBlock} > writes`])
    const { passed, failed } = await runner.run()
    expect(failed).toEqual([])
    expect(passed).toHaveLength(runner.tests.length)
  })

  it('leaves out a group asked for that the capabilities exclude, and the capability test checks only those asked for', async () => {
    const runner = recordingRunner()
    const readOnly = () => ({ ...memoryBackend(), capabilities: minimalCapabilities })
    backendConformanceSuite('memory', readOnly, { test: runner.api, groups: [readGroup, writeGroup] })
    expect(runner.tests[0]!.title).toBe('declares its capabilities; left out: writes (write: false)')
    expect(blocksOf(runner.tests)).toEqual([suiteBlock, `${suiteBlock} > reads`])
    expect((await runner.run()).failed).toEqual([])
  })

  it("registers additionalTests inside the suite block with the suite's context, and runs reset after each test", async () => {
    const runner = recordingRunner()
    let resets = 0
    let seen: SuiteContext | undefined
    backendConformanceSuite('memory', () => memoryBackend(), {
      test: runner.api,
      groups: [],
      reset: async () => {
        resets++
      },
      additionalTests(ctx) {
        seen = ctx
        ctx.test.it('keeps what it is seeded with', async () => {
          const { backend, base, seed } = await ctx.setup()
          await seed([{ name: `${base}/own`, value: 'mine', type: 'String' }])
          ctx.test.expect((await backend.get(`${base}/own`)).value).toBe('mine')
        })
      },
    })
    expect(seen?.test).toBe(runner.api)
    expect(seen?.capabilities).toEqual(memoryBackend().capabilities)
    expect(runner.tests.map((t) => [t.path.join(' > '), t.title])).toEqual([
      [suiteBlock, 'declares its capabilities; left out: none'],
      [suiteBlock, 'keeps what it is seeded with'],
    ])
    expect(await runner.run()).toEqual({
      passed: ['declares its capabilities; left out: none', 'keeps what it is seeded with'],
      failed: [],
    })
    expect(resets).toBe(2)
  })
})

// The same options under vitest itself: one exported group, plus the backend's own test.
backendConformanceSuite('memory, reads only', () => memoryBackend(), {
  groups: [readGroup],
  additionalTests(ctx) {
    ctx.test.it('reads a value written beside the suite', async () => {
      const { backend, base, seed } = await ctx.setup()
      await seed([{ name: `${base}/extra`, value: 'x', type: 'String' }])
      ctx.test.expect(await backend.get(`${base}/extra`)).toMatchObject({ value: 'x' })
    })
  },
})
