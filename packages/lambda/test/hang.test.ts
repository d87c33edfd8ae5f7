import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type ConfigContext, withConfig } from '../src/index.js'
import { fakeTimers, freeze, lambdaContext, setup, timed } from './harness.js'

beforeEach(fakeTimers)
afterEach(() => {
  vi.useRealTimers()
})

const read = async (_event: unknown, context: ConfigContext) => context.config.getSync('db/host')

describe('a backend that hangs, with little time left', () => {
  it('the invocation returns within its budget with the stale value, after one call', async () => {
    const { config, backend, calls } = setup({ timeouts: { staleMs: 10_000 } })
    const handler = withConfig(config, read, { required: ['db/host'], waitMs: 5000, marginMs: 100 })
    await timed(() => handler.ready)
    backend.setFaultMode('hang')
    freeze(90_000)
    const before = calls()
    const result = await timed(() => handler({}, lambdaContext(300)))
    expect(result).toMatchObject({ ok: true, value: 'db-v1', ms: 200 })
    expect(calls()).toBe(before + 1)
    await config.close()
  })

  it('with no servable value, the wait still ends at the budget and the handler read fails typed', async () => {
    const { config, backend } = setup({ timeouts: { staleMs: 10_000 } })
    const handler = withConfig(config, read, { required: ['db/host'], marginMs: 100 })
    await timed(() => handler.ready)
    backend.setFaultMode('hang')
    freeze(60 * 60_000)
    const result = await timed(() => handler({}, lambdaContext(400)))
    expect(result.ms).toBe(300)
    expect(result).toMatchObject({ ok: false, error: { key: 'db/host' } })
    expect(['NOT_LOADED', 'BACKEND_UNAVAILABLE']).toContain(result.error?.code)
    await config.close()
  })

  it('property: time spent before the handler <= min(waitMs, remaining - marginMs) + 1 ms; fresh when the backend beats it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 1500 }),
        fc.oneof(fc.constant<'hang'>('hang'), fc.integer({ min: 0, max: 2500 })),
        async (remaining, marginMs, waitMs, delay) => {
          const { config, backend, calls } = setup({ timeouts: { staleMs: 10_000 } })
          const handler = withConfig(config, read, { required: ['db/host'], waitMs, marginMs })
          await timed(() => handler.ready)
          await backend.put('/prod/orders/db/host', 'db-v2', { overwrite: true })
          backend.setFaultMode(delay === 'hang' ? 'hang' : { slow: delay })
          freeze(90_000)
          const before = calls()
          const bound = Math.min(waitMs, Math.max(0, remaining - marginMs))
          const result = await timed(() => handler({}, lambdaContext(remaining)))
          expect(result.ok).toBe(true)
          expect(result.ms).toBeLessThanOrEqual(bound + 1)
          if (delay !== 'hang' && delay + 1 < bound) expect(result.value).toBe('db-v2')
          if (delay === 'hang' || delay > bound) expect(result.value).toBe('db-v1')
          expect(calls()).toBe(before + 1)
          await config.close()
        },
      ),
      { numRuns: 40 },
    )
  })
})
