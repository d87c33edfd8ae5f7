import { NotFoundError, ValidationError } from '@paramkit/core'
import { describe, expect, it } from 'vitest'
import { plainType, type SuiteContext } from '../context.js'

export function readTests(ctx: SuiteContext): void {
  const type = plainType(ctx.capabilities)
  const timeout = ctx.options.timeout ?? 30_000

  describe('reads', () => {
    it(
      'get returns the entry with name, value, type and version',
      async () => {
        const { backend, base, seed } = await ctx.setup()
        await seed([{ name: `${base}/db/host`, value: 'db.internal', type }])
        const entry = await backend.get(`${base}/db/host`)
        expect(entry).toMatchObject({ name: `${base}/db/host`, value: 'db.internal', type })
        expect(typeof entry.version).toBe('string')
        expect(entry.version.length).toBeGreaterThan(0)
      },
      timeout,
    )

    it(
      'get of a missing name is NotFoundError naming it, never another error',
      async () => {
        const { backend, base } = await ctx.setup()
        const error = await backend.get(`${base}/missing`).catch((e: unknown) => e)
        expect(error).toBeInstanceOf(NotFoundError)
        expect((error as NotFoundError).key).toContain(`${base}/missing`)
      },
      timeout,
    )

    it(
      'an invalid name is ValidationError, not NotFound',
      async () => {
        const { backend, base } = await ctx.setup()
        const error = await backend.get(`${base}/bad name!`).catch((e: unknown) => e)
        expect(error).toBeInstanceOf(ValidationError)
        expect(error).not.toBeInstanceOf(NotFoundError)
      },
      timeout,
    )

    it(
      'getMany returns what exists and reports what does not, without throwing',
      async () => {
        const { backend, base, seed } = await ctx.setup()
        await seed([
          { name: `${base}/a`, value: 'A', type },
          { name: `${base}/b`, value: 'B', type },
        ])
        const result = await backend.getMany([`${base}/a`, `${base}/b`, `${base}/nope`])
        expect(result.entries.map((e) => [e.name, e.value]).sort()).toEqual([
          [`${base}/a`, 'A'],
          [`${base}/b`, 'B'],
        ])
        expect(result.missing).toEqual([`${base}/nope`])
        expect(await backend.getMany([])).toEqual({ entries: [], missing: [], invalid: [] })
      },
      timeout,
    )

    it(
      'getMany of more names than one batch returns every one',
      async () => {
        const { backend, base, seed } = await ctx.setup()
        const count = ctx.capabilities.batchSize * 2 + 5
        const names = Array.from({ length: count }, (_, i) => `${base}/k${i}`)
        await seed(names.map((name, i) => ({ name, value: `v${i}`, type })))
        const result = await backend.getMany(names)
        expect(result.entries).toHaveLength(count)
        expect(new Map(result.entries.map((e) => [e.name, e.value]))).toEqual(
          new Map(names.map((n, i) => [n, `v${i}`])),
        )
        expect(result.missing).toEqual([])
      },
      timeout,
    )

    it(
      'concurrent reads all get their own values',
      async () => {
        const { backend, base, seed } = await ctx.setup()
        const names = Array.from({ length: 10 }, (_, i) => `${base}/c${i}`)
        await seed(names.map((name, i) => ({ name, value: `value-${i}`, type })))
        const reads = await Promise.all(Array.from({ length: 50 }, (_, i) => backend.get(names[i % 10]!)))
        reads.forEach((entry, i) => {
          expect(entry.value).toBe(`value-${i % 10}`)
        })
      },
      timeout,
    )
  })
}
