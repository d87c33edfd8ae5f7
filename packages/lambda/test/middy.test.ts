import middy from '@middy/core'
import { describe, expect, it, vi } from 'vitest'
import { type ConfigContext, paramkitMiddleware } from '../src/index.js'
import { lambdaContext, setup } from './harness.js'

type Context = ReturnType<typeof lambdaContext>

describe('paramkitMiddleware on the real @middy/core', () => {
  it('loads at init, sets context.config before the handler, and reads synchronously', async () => {
    const { config, calls } = setup()
    const middleware = paramkitMiddleware<Context>(config, { required: ['db/host', 'api_key'] })
    const handler = middy(async (event: { id: string }, context: ConfigContext<Context>) => ({
      id: event.id,
      host: context.config.getSync('db/host'),
      key: String(context.config.getSecretSync('api_key')),
      request: context.awsRequestId,
    })).use(middleware)
    await middleware.ready
    const loaded = calls()
    expect(loaded).toBeGreaterThan(0)
    expect(await handler({ id: 'o-1' }, lambdaContext(3000))).toEqual({
      id: 'o-1',
      host: 'db-v1',
      key: '[redacted]',
      request: 'req-1',
    })
    expect(await handler({ id: 'o-2' }, lambdaContext(3000))).toMatchObject({ id: 'o-2' })
    expect(calls()).toBe(loaded)
    await config.close()
  })

  it('a missing required key rejects the invocation with a NotFoundError naming it, before the handler', async () => {
    const { config } = setup()
    const body = vi.fn(async () => 'ran')
    const handler = middy(body).use(paramkitMiddleware(config, { required: ['db/host', 'db/port'] }))
    await expect(handler({}, lambdaContext(3000))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      key: 'db/port',
    })
    expect(body).not.toHaveBeenCalled()
    await config.close()
  })

  it('refuses unknown options with a typed error', () => {
    const { config } = setup()
    expect(() => paramkitMiddleware(config, { timeout: 5 } as never)).toThrow(
      expect.objectContaining({ code: 'VALIDATION', key: 'timeout', rule: 'known-option' }),
    )
  })
})
