import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type ConfigContext, withConfig } from '../src/index.js'
import { fakeTimers, freeze, lambdaContext, pass, setup, timed } from './harness.js'

beforeEach(fakeTimers)
afterEach(() => {
  vi.useRealTimers()
})

const read = async (_event: unknown, context: ConfigContext) => context.config.getSync('db/host')

describe('across freezes (timers paused while the clock moves on)', () => {
  it('on thaw, freshness is judged by the clock: a due key answers stale at once and reloads once; the next invocation is fresh', async () => {
    const { config, backend, calls } = setup({ faults: { latency: { fixed: 20 } } })
    const handler = withConfig(config, read, { required: ['db/host'] })
    await timed(() => handler.ready)
    expect((await timed(() => handler({}, lambdaContext(3000)))).value).toBe('db-v1')
    await timed(() => backend.put('/prod/orders/db/host', 'db-v2', { overwrite: true }))
    const before = calls()
    freeze(90_000) // past the 60 s ttl; no timer has fired
    const thawed = await timed(() => handler({}, lambdaContext(3000)))
    expect(thawed).toMatchObject({ ok: true, value: 'db-v1', ms: 0 })
    expect(calls()).toBe(before + 1)
    await pass(25) // the reload lands while the instance runs
    const next = await timed(() => handler({}, lambdaContext(3000)))
    expect(next).toMatchObject({ ok: true, value: 'db-v2', ms: 0 })
    expect(calls()).toBe(before + 1)
    await config.close()
  })

  it('with waitMs, a due key is reloaded before the handler when the backend answers in time', async () => {
    const { config, backend, calls } = setup({ faults: { latency: { fixed: 20 } } })
    const handler = withConfig(config, read, { required: ['db/host'], waitMs: 200 })
    await timed(() => handler.ready)
    await timed(() => backend.put('/prod/orders/db/host', 'db-v2', { overwrite: true }))
    const before = calls()
    freeze(90_000)
    const thawed = await timed(() => handler({}, lambdaContext(3000)))
    expect(thawed).toMatchObject({ ok: true, value: 'db-v2' })
    expect(thawed.ms).toBeGreaterThanOrEqual(20)
    expect(thawed.ms).toBeLessThanOrEqual(25)
    expect(calls()).toBe(before + 1)
    await config.close()
  })

  it('work started before a freeze is neither awaited nor started again after it', async () => {
    const { config, backend, calls } = setup()
    const handler = withConfig(config, read, { required: ['db/host'], waitMs: 100 })
    await timed(() => handler.ready)
    backend.setFaultMode('hang') // a dead connection: the reload never answers
    freeze(90_000)
    const started = await timed(() => handler({}, lambdaContext(3000)))
    expect(started).toMatchObject({ ok: true, value: 'db-v1', ms: 100 }) // waited waitMs, then stale
    const afterStart = calls()
    expect(backend.stats().hung).toBe(1)
    freeze(20_000) // the reload is still in flight, its timers paused
    const thawed = await timed(() => handler({}, lambdaContext(3000)))
    expect(thawed).toMatchObject({ ok: true, value: 'db-v1', ms: 0 })
    expect(calls()).toBe(afterStart)
    expect(backend.stats().hung).toBe(1)
    await config.close()
  })

  it("the cache's single flight: concurrent invocations and the handler's own reads of a due key make one call", async () => {
    const { config, calls } = setup({ faults: { latency: { fixed: 20 } } })
    const handler = withConfig(config, read, { required: ['db/host'] })
    await timed(() => handler.ready)
    const before = calls()
    freeze(90_000)
    const all = await timed(() => Promise.all([1, 2, 3, 4].map(() => handler({}, lambdaContext(3000)))))
    expect(all).toMatchObject({ ok: true, value: ['db-v1', 'db-v1', 'db-v1', 'db-v1'] })
    await pass(25)
    expect(calls()).toBe(before + 1)
    await config.close()
  })

  it('a key past maxStale after a long freeze is loaded before the handler, within the budget', async () => {
    const { config, backend, calls } = setup({ faults: { latency: { fixed: 20 } } })
    const handler = withConfig(config, read, { required: ['db/host'] })
    await timed(() => handler.ready)
    await timed(() => backend.put('/prod/orders/db/host', 'db-v3', { overwrite: true }))
    const before = calls()
    freeze(60 * 60_000) // an hour idle: past ttl + maxStale
    const thawed = await timed(() => handler({}, lambdaContext(3000)))
    expect(thawed).toMatchObject({ ok: true, value: 'db-v3' })
    expect(thawed.ms).toBeLessThanOrEqual(25)
    expect(calls()).toBe(before + 1)
    await config.close()
  })
})
