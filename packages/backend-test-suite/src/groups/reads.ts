import type { ConformanceGroup } from '../context.js'
import { plainType, type SuiteContext } from '../context.js'
import { expectErrorCode } from '../error-checks.js'

function readTests(ctx: SuiteContext): void {
  const t = ctx.test
  const type = plainType(ctx.capabilities)
  const timeout = ctx.options.timeout ?? 30_000

  t.describe('reads', () => {
    t.it(
      'get returns the entry with name, value, type and version',
      async () => {
        const { backend, base, seed } = await ctx.setup()
        await seed([{ name: `${base}/db/host`, value: 'db.internal', type }])
        const entry = await backend.get(`${base}/db/host`)
        t.expect(entry).toMatchObject({ name: `${base}/db/host`, value: 'db.internal', type })
        t.expect(typeof entry.version).toBe('string')
        t.expect(entry.version.length).toBeGreaterThan(0)
      },
      timeout,
    )

    t.it(
      'get of a missing name is NotFoundError naming it, never another error',
      async () => {
        const { backend, base } = await ctx.setup()
        const error = await backend.get(`${base}/missing`).catch((e: unknown) => e)
        expectErrorCode(t, error, 'NOT_FOUND')
        t.expect((error as { key?: unknown }).key).toContain(`${base}/missing`)
      },
      timeout,
    )

    t.it(
      'an invalid name is ValidationError, not NotFound',
      async () => {
        const { backend, base } = await ctx.setup()
        const error = await backend.get(`${base}/bad name!`).catch((e: unknown) => e)
        expectErrorCode(t, error, 'VALIDATION')
      },
      timeout,
    )

    t.it(
      'getMany returns what exists and reports what does not, without throwing',
      async () => {
        const { backend, base, seed } = await ctx.setup()
        await seed([
          { name: `${base}/a`, value: 'A', type },
          { name: `${base}/b`, value: 'B', type },
        ])
        const result = await backend.getMany([`${base}/a`, `${base}/b`, `${base}/nope`])
        t.expect(result.entries.map((e) => [e.name, e.value]).sort()).toEqual([
          [`${base}/a`, 'A'],
          [`${base}/b`, 'B'],
        ])
        t.expect(result.missing).toEqual([`${base}/nope`])
        t.expect(await backend.getMany([])).toEqual({ entries: [], missing: [], invalid: [] })
      },
      timeout,
    )

    t.it(
      'getMany of more names than one batch returns every one',
      async () => {
        const { backend, base, seed } = await ctx.setup()
        const count = ctx.capabilities.batchSize * 2 + 5
        const names = Array.from({ length: count }, (_, i) => `${base}/k${i}`)
        await seed(names.map((name, i) => ({ name, value: `v${i}`, type })))
        const result = await backend.getMany(names)
        t.expect(result.entries).toHaveLength(count)
        t.expect(new Map(result.entries.map((e) => [e.name, e.value]))).toEqual(
          new Map(names.map((n, i) => [n, `v${i}`])),
        )
        t.expect(result.missing).toEqual([])
      },
      timeout,
    )

    t.it(
      'concurrent reads all get their own values',
      async () => {
        const { backend, base, seed } = await ctx.setup()
        const names = Array.from({ length: 10 }, (_, i) => `${base}/c${i}`)
        await seed(names.map((name, i) => ({ name, value: `value-${i}`, type })))
        const reads = await Promise.all(Array.from({ length: 50 }, (_, i) => backend.get(names[i % 10]!)))
        reads.forEach((entry, i) => {
          t.expect(entry.value).toBe(`value-${i % 10}`)
        })
      },
      timeout,
    )
  })
}

/** `get` and `getMany`: values, not-found versus invalid names, batches, concurrency. */
export const readGroup: ConformanceGroup = {
  name: 'reads',
  register: readTests,
}
