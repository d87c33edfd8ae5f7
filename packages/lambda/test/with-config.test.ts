import { isParamkitError, NotFoundError } from '@paramkit/core'
import { validationRefusal } from '@paramkit/test-support/validation-refusal'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type ConfigContext, withConfig } from '../src/index.js'
import { fakeTimers, lambdaContext, setup, timed } from './harness.js'

beforeEach(fakeTimers)
afterEach(() => {
  vi.useRealTimers()
})

const required = ['db/host', 'api_key']
const orderHandler = async (event: { id: string }, context: ConfigContext) => ({
  id: event.id,
  host: context.config.getSync('db/host'),
  keyLength: context.config.getSecretSync('api_key').reveal().length,
})

describe('withConfig: a plain handler', () => {
  it('starts loading when it is made (the init phase), before any invocation', async () => {
    const { config, calls } = setup()
    const handler = withConfig(config, orderHandler, { required })
    expect(calls()).toBe(0)
    await handler.ready // settles with no invocation at all
    expect(calls()).toBeGreaterThan(0)
    const before = calls()
    const result = await timed(() => handler({ id: 'o-1' }, lambdaContext(3000)))
    expect(result).toMatchObject({ ok: true, value: { id: 'o-1', host: 'db-v1', keyLength: 14 }, ms: 0 })
    expect(calls()).toBe(before)
    await config.close()
  })

  it('puts the view on context.config, with sync reads and the client', async () => {
    const { config } = setup()
    let seen: ConfigContext['config'] | undefined
    const handler = withConfig(config, async (_event: unknown, context: ConfigContext) => {
      seen = context.config
      return context.config.getOptionalSync('db/missing') ?? 'none'
    })
    expect(await handler({}, lambdaContext(3000))).toBe('none')
    expect(seen?.client).toBe(config)
    expect(String(seen?.getSecretSync('api_key'))).toBe('[redacted]')
    expect(() => seen?.getSync('api_key')).toThrow(/secret-read/)
    await config.close()
  })

  it('loads the whole tree when no key is required, so any key reads synchronously', async () => {
    const { config } = setup()
    const handler = withConfig(config, async (_e: unknown, context: ConfigContext) =>
      context.config.getSync('db/host'),
    )
    expect(await handler({}, {})).toBe('db-v1')
    await config.close()
  })

  it('a required key that is missing fails init with a NotFoundError naming it; the handler never runs', async () => {
    const { config, backend } = setup({ cache: { negativeTtl: 0 } })
    const body = vi.fn(
      async (_event: { id: string }, context: ConfigContext) =>
        context.config.getSecretSync('stripe/secret').reveal().length,
    )
    const handler = withConfig(config, body, { required: ['db/host', 'stripe/secret'] })
    const init = await handler.ready.catch((error: unknown) => error)
    expect(NotFoundError.is(init)).toBe(true)
    expect(init).toMatchObject({ code: 'NOT_FOUND', key: 'stripe/secret', operation: 'load' })
    expect((init as Error).message).toContain('"stripe/secret"')
    expect((init as Error).message).not.toContain('sk-live')
    const first = await timed(() => handler({ id: 'o-1' }, lambdaContext(3000)))
    expect(first).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', key: 'stripe/secret' } })
    // The next invocation loads again (a backend call), and fails the same way until the key exists.
    const asked = () => backend.stats().calls.get + backend.stats().calls.getMany
    const before = asked()
    const second = await timed(() => handler({ id: 'o-2' }, lambdaContext(3000)))
    expect(second).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', key: 'stripe/secret' } })
    expect(body).not.toHaveBeenCalled()
    expect(asked()).toBeGreaterThan(before)
    await backend.put('/prod/orders/stripe/secret', 'sk-live-added', { type: 'SecureString' })
    const third = await timed(() => handler({ id: 'o-3' }, lambdaContext(3000)))
    expect(third).toMatchObject({ ok: true, value: 'sk-live-added'.length })
    expect(body).toHaveBeenCalledTimes(1)
    await config.close()
  })

  it('an init load that outlasts the budget is a TimeoutError before the handler; the next invocation joins the same load', async () => {
    const { config, backend, calls } = setup({ faults: { latency: { fixed: 2000 } } })
    const body = vi.fn(orderHandler)
    const handler = withConfig(config, body, { required, marginMs: 200 })
    const late = await timed(() => handler({ id: 'o-1' }, lambdaContext(1000)))
    expect(late).toMatchObject({ ok: false, error: { code: 'TIMEOUT', operation: 'load' } })
    expect(late.ms).toBe(800)
    expect(body).not.toHaveBeenCalled()
    const callsAfterFirst = calls()
    const next = await timed(() => handler({ id: 'o-2' }, lambdaContext(3000)))
    expect(next).toMatchObject({ ok: true, value: { host: 'db-v1' } })
    expect(next.ms).toBeLessThanOrEqual(1200)
    expect(calls()).toBe(callsAfterFirst)
    expect(backend.stats().hung).toBe(0)
    await config.close()
  })

  it('refuses bad input with a typed error naming the option and the rule', () => {
    const { config } = setup()
    const cases: [unknown, string, string][] = [
      [{ requierd: ['a'] }, 'requierd', 'known-option'],
      [{ required: 'db/host' }, 'required', 'required-keys'],
      [{ required: [''] }, 'required', 'required-keys'],
      [{ marginMs: -1 }, 'marginMs', 'non-negative-ms'],
      [{ waitMs: Number.POSITIVE_INFINITY }, 'waitMs', 'non-negative-ms'],
      [{ waitMs: '5' }, 'waitMs', 'non-negative-ms'],
    ]
    for (const [options, key, rule] of cases) {
      const refusal = validationRefusal(() => withConfig(config, orderHandler, options as never))
      expect(refusal).toMatchObject({ code: 'VALIDATION', key, rule })
      expect(refusal.message).toContain(key)
    }
    const notClient = (() => {
      try {
        withConfig({ backend: {} } as never, orderHandler)
      } catch (error) {
        return error
      }
    })()
    expect(isParamkitError(notClient)).toBe(true)
    expect(notClient).toMatchObject({ key: 'config', rule: 'config-client' })
  })
})
