import fc from 'fast-check'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Backend } from '../src/backend-entry.js'
import { BackendUnavailableError, createConfig, ThrottledError } from '../src/index.js'
import { stubBackend } from './support/stub-backend.js'

/** A stub whose listings are throttled `times` times in all, and which records how many run at once. */
function throttlingBackend(times: number) {
  const backend = stubBackend({ '/p/s/a': '1', '/p/shared/b': '2', '/shared/c': '3' })
  const list = backend.list.bind(backend)
  const seen = { calls: 0, throttled: 0, inFlight: 0, maxInFlight: 0 }
  let left = times
  backend.list = async function* (path, options) {
    seen.calls++
    seen.inFlight++
    seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight)
    try {
      await new Promise((r) => setTimeout(r, 1))
      if (left > 0) {
        left--
        seen.throttled++
        throw new ThrottledError('Rate exceeded', { operation: 'list', backend: 'stub' })
      }
      yield* list(path, options)
    } finally {
      seen.inFlight--
    }
  } as Backend['list']
  return { backend, seen }
}

const config = (backend: Backend, retry = {}) =>
  createConfig({
    backend,
    env: 'p',
    service: 's',
    fallbacks: ['/{env}/shared', '/shared'],
    retry: { listBaseDelayMs: 1, listCapDelayMs: 4, ...retry },
  })

/**
 * Runs virtual time forward until `promise` settles (waits after a throttle are seconds long). Only while
 * timers are pending: work that is not a timer (the first load's lazy import of the optional OpenTelemetry
 * API) finishes in real time without moving the virtual clock, or a slow machine looks like a slow backend.
 */
async function settled<T>(promise: Promise<T>): Promise<T> {
  let done = false
  promise.then(
    () => (done = true),
    () => (done = true),
  )
  while (!done) {
    if (vi.getTimerCount() > 0) await vi.advanceTimersByTimeAsync(50)
    else await new Promise((resolve) => setImmediate(resolve))
  }
  return promise
}

describe('listings under throttling (fleet start)', () => {
  beforeAll(async () => {
    // One load in real time first, so the lazy import on a process's first load is done before virtual time runs.
    await createConfig({ backend: stubBackend({ '/p/s/a': '1' }), env: 'p', service: 's' }).load()
  })
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('retries throttled listings until they succeed, for any number of throttles within the deadline', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 6 }), async (times) => {
        const { backend, seen } = throttlingBackend(times)
        const tree = await settled(config(backend).load())
        expect(tree).toEqual({ a: '1', b: '2', c: '3' })
        expect(seen.throttled).toBe(times)
        expect(seen.calls).toBe(3 + times)
      }),
      { numRuns: 15 },
    )
  })

  it('opens cold with one listing at a time, keeping its turn while it waits, then lists levels together', async () => {
    const { backend, seen } = throttlingBackend(2)
    await settled(config(backend).load())
    expect(seen.maxInFlight).toBe(1)
    const cold = throttlingBackend(0)
    await settled(config(cold.backend).load())
    expect(cold.seen.maxInFlight).toBe(1) // slow start: two listings succeed before levels go together
    const warm = throttlingBackend(0)
    const client = config(warm.backend)
    await settled(client.getTree('/elsewhere/a'))
    await settled(client.getTree('/elsewhere/b'))
    await settled(client.load())
    expect(warm.seen.maxInFlight).toBe(3)
  })

  it("starts a process's first listing after the start spread when one is set, and never by default", async () => {
    const firstListingAt = async (retry: object) => {
      const { backend } = throttlingBackend(0)
      const list = backend.list.bind(backend)
      const calls: number[] = []
      backend.list = ((path, options) => {
        calls.push(Date.now())
        return list(path, options)
      }) as Backend['list']
      const started = Date.now()
      const client = config(backend, retry)
      await settled(client.load())
      const first = calls[0]! - started
      await settled(client.getTree('/elsewhere'))
      return { first, later: calls.at(-1)! - calls[calls.length - 2]! }
    }
    expect((await firstListingAt({})).first).toBe(0)
    const spreads = []
    for (let i = 0; i < 20; i++) spreads.push((await firstListingAt({ listStartSpreadMs: 400 })).first)
    expect(Math.max(...spreads)).toBeLessThanOrEqual(400)
    expect(new Set(spreads).size).toBeGreaterThan(5) // random, so a fleet does not open in step
    expect(spreads.some((ms) => ms > 0)).toBe(true)
  })

  it('gives up after the deadline with the throttle, and passes other errors on at once', async () => {
    const { backend, seen } = throttlingBackend(1_000)
    await expect(settled(config(backend, { listDeadlineMs: 10_000 }).load())).rejects.toBeInstanceOf(
      ThrottledError,
    )
    expect(seen.calls).toBeGreaterThan(1)
    const down = stubBackend({ '/p/s/a': '1' })
    down.failWith = new BackendUnavailableError('down')
    await expect(settled(config(down).load())).rejects.toBeInstanceOf(BackendUnavailableError)
    expect(down.calls.list).toBe(3) // one per level, none tried again
  })
})

/** Listings of a shared account behind a token bucket (`tps` a second, burst `tps`) on the faked clock. */
function throttledAccount(tps: number) {
  const shared = stubBackend({ '/p/s/a': '1', '/p/shared/b': '2', '/shared/c': '3' })
  let tokens = tps
  let last = Date.now()
  const seen = { calls: 0, throttled: 0 }
  const take = () => {
    tokens = Math.min(tps, tokens + ((Date.now() - last) / 1000) * tps)
    last = Date.now()
    if (tokens < 1) return false
    tokens--
    return true
  }
  /** One process's own backend object over the account: it learns only from its own throttles. */
  const instance = (): Backend => ({
    ...shared,
    list: async function* (path, options) {
      seen.calls++
      await new Promise((r) => setTimeout(r, 1))
      if (!take()) {
        seen.throttled++
        throw new ThrottledError('Rate exceeded', { operation: 'list', backend: 'stub' })
      }
      yield* shared.list(path, options)
    } as Backend['list'],
  })
  return { instance, seen }
}

describe('a fleet starting together through a token bucket', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('loads every instance, and wastes at most two throttled calls per instance', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 60 }), async (instances) => {
        // Parameter Store's default throughput: 40 a second, a burst of 40.
        const { instance, seen } = throttledAccount(40)
        const loads = Array.from({ length: instances }, () =>
          createConfig({
            backend: instance(),
            env: 'p',
            service: 's',
            fallbacks: ['/{env}/shared', '/shared'],
          }).load(),
        )
        const trees = await settled(Promise.all(loads))
        expect(trees).toEqual(Array(instances).fill({ a: '1', b: '2', c: '3' }))
        expect(seen.calls - seen.throttled).toBe(3 * instances)
        // Without pacing every instance would retry each listing many times over; with it, few are wasted.
        expect(seen.throttled).toBeLessThanOrEqual(2 * instances)
      }),
      { numRuns: 12 },
    )
  })
})
