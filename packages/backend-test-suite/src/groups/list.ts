import fc from 'fast-check'
import type { ConformanceGroup } from '../context.js'
import { collect, plainType, type SuiteContext } from '../context.js'

function listTests(ctx: SuiteContext): void {
  const t = ctx.test
  const type = plainType(ctx.capabilities)
  const timeout = ctx.options.timeout ?? 60_000

  t.describe('list', () => {
    t.it(
      'recursive list returns every entry below the path and nothing beside it',
      async () => {
        const { backend, base, seed } = await ctx.setup()
        await seed([
          { name: `${base}/app/a`, value: '1', type },
          { name: `${base}/app/db/host`, value: '2', type },
          { name: `${base}/app/db/deep/x`, value: '3', type },
          { name: `${base}/application/other`, value: '4', type },
        ])
        const { entries } = await collect(backend.list(`${base}/app`, { recursive: true }))
        t.expect(entries.map((e) => e.name).sort()).toEqual([
          `${base}/app/a`,
          `${base}/app/db/deep/x`,
          `${base}/app/db/host`,
        ])
        t.expect((await collect(backend.list(`${base}/empty`))).entries).toEqual([])
      },
      timeout,
    )

    t.it(
      'paginates: any page size visits every entry exactly once, a token on every page but the last',
      async () => {
        const { backend, base, seed } = await ctx.setup()
        const count = 23
        const names = Array.from({ length: count }, (_, i) => `${base}/p/k${String(i).padStart(2, '0')}`)
        await seed(names.map((name) => ({ name, value: name.slice(-3), type })))
        await fc.assert(
          fc.asyncProperty(fc.integer({ min: 1, max: 10 }), async (pageSize) => {
            const { pages, tokens, entries } = await collect(
              backend.list(`${base}/p`, { recursive: true, pageSize }),
            )
            t.expect(entries.map((e) => e.name).sort()).toEqual(names)
            for (const page of pages) t.expect(page.length).toBeLessThanOrEqual(Math.max(pageSize, 1))
            t.expect(tokens.slice(0, -1).every((t) => typeof t === 'string')).toBe(true)
            t.expect(tokens.at(-1)).toBeUndefined()
          }),
          { numRuns: 6 },
        )
      },
      timeout,
    )
  })
}

function nonRecursiveListTests(ctx: SuiteContext): void {
  const t = ctx.test
  const type = plainType(ctx.capabilities)
  t.describe('list (one level)', () => {
    t.it(
      'non-recursive list returns only direct children',
      async () => {
        const { backend, base, seed } = await ctx.setup()
        await seed([
          { name: `${base}/svc/a`, value: '1', type },
          { name: `${base}/svc/b`, value: '2', type },
          { name: `${base}/svc/db/host`, value: '3', type },
        ])
        const { entries } = await collect(backend.list(`${base}/svc`, { recursive: false }))
        t.expect(entries.map((e) => e.name).sort()).toEqual([`${base}/svc/a`, `${base}/svc/b`])
      },
      ctx.options.timeout ?? 30_000,
    )
  })
}

/** Recursive `list` and its pagination. */
export const listGroup: ConformanceGroup = {
  name: 'list',
  register: listTests,
}

/** Non-recursive `list`: direct children only. */
export const oneLevelListGroup: ConformanceGroup = {
  name: 'list (one level)',
  needs: (c) => (c.nonRecursiveList ? undefined : 'nonRecursiveList: false'),
  register: nonRecursiveListTests,
}
