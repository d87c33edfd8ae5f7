import type { ConformanceGroup } from '../context.js'
import { plainType, type SuiteContext } from '../context.js'
import { expectRejection } from '../error-checks.js'

function writeTests(ctx: SuiteContext): void {
  const t = ctx.test
  const type = plainType(ctx.capabilities)
  const max = ctx.capabilities.maxValueBytes
  const timeout = ctx.options.timeout ?? 30_000

  t.describe('writes', () => {
    t.it(
      'put refuses to overwrite unless asked, and delete removes',
      async () => {
        const { backend, base } = await ctx.setup()
        const name = `${base}/w`
        await backend.put!(name, 'v1', { type })
        await expectRejection(t, backend.put!(name, 'v2', { type }), 'VALIDATION')
        t.expect((await backend.get(name)).value).toBe('v1')
        await backend.put!(name, 'v2', { type, overwrite: true })
        t.expect((await backend.get(name)).value).toBe('v2')
        await backend.delete!(name)
        await expectRejection(t, backend.get(name), 'NOT_FOUND')
        await expectRejection(t, backend.delete!(name), 'NOT_FOUND')
      },
      timeout,
    )

    t.it(
      'stores unicode exactly',
      async () => {
        const { backend, base } = await ctx.setup()
        const value = 'naïve café — 東京 🚀 ∑ \u00a0 ok'
        await backend.put!(`${base}/unicode`, value, { type })
        t.expect((await backend.get(`${base}/unicode`)).value).toBe(value)
      },
      timeout,
    )

    t.it(
      `stores a value of the maximum size (${max} bytes) and refuses one byte more`,
      async () => {
        const { backend, base } = await ctx.setup()
        const value = 'x'.repeat(max)
        await backend.put!(`${base}/max`, value, { type })
        t.expect((await backend.get(`${base}/max`)).value).toBe(value)
        await expectRejection(t, backend.put!(`${base}/over`, `${value}y`, { type }), 'VALIDATION')
        await expectRejection(t, backend.get(`${base}/over`), 'NOT_FOUND')
      },
      timeout,
    )

    t.it(
      'refuses an invalid name before writing anything',
      async () => {
        const { backend, base } = await ctx.setup()
        await expectRejection(t, backend.put!(`${base}/bad name`, 'v', { type }), 'VALIDATION')
      },
      timeout,
    )
  })
}

/** `put` and `delete`: overwrite, unicode, maximum size, invalid names. */
export const writeGroup: ConformanceGroup = {
  name: 'writes',
  needs: (c) => (c.write ? undefined : 'write: false'),
  register: writeTests,
}
