import type { ConformanceGroup } from '../context.js'
import { plainType, type SuiteContext } from '../context.js'
import { expectRejection } from '../error-checks.js'

function versionTests(ctx: SuiteContext): void {
  const t = ctx.test
  const type = plainType(ctx.capabilities)
  t.describe('versions', () => {
    t.it(
      'numbers versions from 1 and reads any of them with name:version',
      async () => {
        const { backend, base } = await ctx.setup()
        const name = `${base}/versioned`
        t.expect((await backend.put!(name, 'first', { type })).version).toBe('1')
        t.expect((await backend.put!(name, 'second', { type, overwrite: true })).version).toBe('2')
        t.expect(await backend.get(name)).toMatchObject({ value: 'second', version: '2' })
        t.expect(await backend.get(`${name}:1`)).toMatchObject({ value: 'first', version: '1' })
        const many = await backend.getMany([`${name}:1`, `${name}:2`, `${name}:9`])
        t.expect(many.entries.map((e) => e.value).sort()).toEqual(['first', 'second'])
        t.expect(many.missing.length + many.invalid.length).toBe(1)
        await expectRejection(t, backend.get(`${name}:9`), 'NOT_FOUND')
      },
      ctx.options.timeout ?? 30_000,
    )
  })
}

function labelTests(ctx: SuiteContext): void {
  const t = ctx.test
  const type = plainType(ctx.capabilities)
  t.describe('labels', () => {
    t.it(
      'reads a labelled version with name:label, and a label moves when attached elsewhere',
      async () => {
        const { backend, base } = await ctx.setup()
        const name = `${base}/labelled`
        await backend.put!(name, 'one', { type })
        await backend.put!(name, 'two', { type, overwrite: true })
        await backend.label!(name, 1, ['stable'])
        t.expect(await backend.get(`${name}:stable`)).toMatchObject({ value: 'one', version: '1' })
        await backend.label!(name, 2, ['stable'])
        t.expect(await backend.get(`${name}:stable`)).toMatchObject({ value: 'two', version: '2' })
        t.expect((await backend.get(`${name}:1`)).labels ?? []).not.toContain('stable')
        await expectRejection(t, backend.get(`${name}:missing-label`), 'NOT_FOUND')
      },
      ctx.options.timeout ?? 30_000,
    )
  })
}

function stageTests(ctx: SuiteContext): void {
  const t = ctx.test
  t.describe('stages', () => {
    t.it(
      'a new secret version takes AWSCURRENT and the old one AWSPREVIOUS',
      async () => {
        const { backend, base } = await ctx.setup()
        const name = `${base}/rotating`
        await backend.put!(name, 'old-value', { type: 'Secret' })
        await backend.put!(name, 'new-value', { type: 'Secret', overwrite: true })
        const current = await backend.get(name)
        t.expect(current).toMatchObject({ value: 'new-value', type: 'Secret' })
        t.expect(current.stages).toContain('AWSCURRENT')
        const previous = await backend.get(name, { versionStage: 'AWSPREVIOUS' })
        t.expect(previous.value).toBe('old-value')
        t.expect(previous.stages).toContain('AWSPREVIOUS')
        t.expect((await backend.get(name, { versionId: previous.version })).value).toBe('old-value')
      },
      ctx.options.timeout ?? 30_000,
    )
  })
}

/** Version numbers and `name:version` selectors. */
export const versionGroup: ConformanceGroup = {
  name: 'versions',
  needs: (c) => (!c.versionSelectors ? 'versionSelectors: false' : !c.write ? 'write: false' : undefined),
  register: versionTests,
}

/** `label` and `name:label` selectors. */
export const labelGroup: ConformanceGroup = {
  name: 'labels',
  needs: (c) => (!c.labelSelectors ? 'labelSelectors: false' : !c.write ? 'write: false' : undefined),
  register: labelTests,
}

/** Secrets Manager stages: AWSCURRENT and AWSPREVIOUS. */
export const stageGroup: ConformanceGroup = {
  name: 'stages',
  needs: (c) =>
    !c.stages ? 'stages: false' : !c.write || !c.types.includes('Secret') ? 'cannot write Secret' : undefined,
  register: stageTests,
}
