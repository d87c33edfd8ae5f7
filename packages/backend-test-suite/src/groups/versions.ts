import { NotFoundError } from '@paramkit/core'
import { describe, expect, it } from 'vitest'
import { plainType, type SuiteContext } from '../context.js'

export function versionTests(ctx: SuiteContext): void {
  const type = plainType(ctx.capabilities)
  describe('versions', () => {
    it(
      'numbers versions from 1 and reads any of them with name:version',
      async () => {
        const { backend, base } = await ctx.setup()
        const name = `${base}/versioned`
        expect((await backend.put!(name, 'first', { type })).version).toBe('1')
        expect((await backend.put!(name, 'second', { type, overwrite: true })).version).toBe('2')
        expect(await backend.get(name)).toMatchObject({ value: 'second', version: '2' })
        expect(await backend.get(`${name}:1`)).toMatchObject({ value: 'first', version: '1' })
        const many = await backend.getMany([`${name}:1`, `${name}:2`, `${name}:9`])
        expect(many.entries.map((e) => e.value).sort()).toEqual(['first', 'second'])
        expect(many.missing.length + many.invalid.length).toBe(1)
        await expect(backend.get(`${name}:9`)).rejects.toBeInstanceOf(NotFoundError)
      },
      ctx.options.timeout ?? 30_000,
    )
  })
}

export function labelTests(ctx: SuiteContext): void {
  const type = plainType(ctx.capabilities)
  describe('labels', () => {
    it(
      'reads a labelled version with name:label, and a label moves when attached elsewhere',
      async () => {
        const { backend, base } = await ctx.setup()
        const name = `${base}/labelled`
        await backend.put!(name, 'one', { type })
        await backend.put!(name, 'two', { type, overwrite: true })
        await backend.label!(name, 1, ['stable'])
        expect(await backend.get(`${name}:stable`)).toMatchObject({ value: 'one', version: '1' })
        await backend.label!(name, 2, ['stable'])
        expect(await backend.get(`${name}:stable`)).toMatchObject({ value: 'two', version: '2' })
        expect((await backend.get(`${name}:1`)).labels ?? []).not.toContain('stable')
        await expect(backend.get(`${name}:missing-label`)).rejects.toBeInstanceOf(NotFoundError)
      },
      ctx.options.timeout ?? 30_000,
    )
  })
}

export function stageTests(ctx: SuiteContext): void {
  describe('stages', () => {
    it(
      'a new secret version takes AWSCURRENT and the old one AWSPREVIOUS',
      async () => {
        const { backend, base } = await ctx.setup()
        const name = `${base}/rotating`
        await backend.put!(name, 'old-value', { type: 'Secret' })
        await backend.put!(name, 'new-value', { type: 'Secret', overwrite: true })
        const current = await backend.get(name)
        expect(current).toMatchObject({ value: 'new-value', type: 'Secret' })
        expect(current.stages).toContain('AWSCURRENT')
        const previous = await backend.get(name, { versionStage: 'AWSPREVIOUS' })
        expect(previous.value).toBe('old-value')
        expect(previous.stages).toContain('AWSPREVIOUS')
        expect((await backend.get(name, { versionId: previous.version })).value).toBe('old-value')
      },
      ctx.options.timeout ?? 30_000,
    )
  })
}
