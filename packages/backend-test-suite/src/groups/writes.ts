import { NotFoundError, ValidationError } from '@paramkit/core'
import { describe, expect, it } from 'vitest'
import { plainType, type SuiteContext } from '../context.js'

export function writeTests(ctx: SuiteContext): void {
  const type = plainType(ctx.capabilities)
  const max = ctx.capabilities.maxValueBytes
  const timeout = ctx.options.timeout ?? 30_000

  describe('writes', () => {
    it(
      'put refuses to overwrite unless asked, and delete removes',
      async () => {
        const { backend, base } = await ctx.setup()
        const name = `${base}/w`
        await backend.put!(name, 'v1', { type })
        await expect(backend.put!(name, 'v2', { type })).rejects.toBeInstanceOf(ValidationError)
        expect((await backend.get(name)).value).toBe('v1')
        await backend.put!(name, 'v2', { type, overwrite: true })
        expect((await backend.get(name)).value).toBe('v2')
        await backend.delete!(name)
        await expect(backend.get(name)).rejects.toBeInstanceOf(NotFoundError)
        await expect(backend.delete!(name)).rejects.toBeInstanceOf(NotFoundError)
      },
      timeout,
    )

    it(
      'stores unicode exactly',
      async () => {
        const { backend, base } = await ctx.setup()
        const value = 'naïve café — 東京 🚀 ∑ \u00a0 ok'
        await backend.put!(`${base}/unicode`, value, { type })
        expect((await backend.get(`${base}/unicode`)).value).toBe(value)
      },
      timeout,
    )

    it(
      `stores a value of the maximum size (${max} bytes) and refuses one byte more`,
      async () => {
        const { backend, base } = await ctx.setup()
        const value = 'x'.repeat(max)
        await backend.put!(`${base}/max`, value, { type })
        expect((await backend.get(`${base}/max`)).value).toBe(value)
        await expect(backend.put!(`${base}/over`, `${value}y`, { type })).rejects.toBeInstanceOf(
          ValidationError,
        )
        await expect(backend.get(`${base}/over`)).rejects.toBeInstanceOf(NotFoundError)
      },
      timeout,
    )

    it(
      'refuses an invalid name before writing anything',
      async () => {
        const { backend, base } = await ctx.setup()
        await expect(backend.put!(`${base}/bad name`, 'v', { type })).rejects.toBeInstanceOf(ValidationError)
      },
      timeout,
    )
  })
}
