import fc from 'fast-check'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Backend } from '../src/backend-entry.js'
import { AccessDeniedError, BackendUnavailableError, createConfig, ThrottledError } from '../src/index.js'
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
    retry: { baseDelayMs: 1, maxDelayMs: 4, ...retry },
  })

/**
 * Runs virtual time forward until `promise` settles (waits after a throttle are seconds long). Only while
 * timers are pending: work that is not a timer (the first load's lazy import of the optional OpenTelemetry
 * API) finishes in real time without moving the virtual clock, or a slow machine looks like a slow backend
 * (stepping 50 ms per turn regardless once moved the clock 26 s before the first listing).
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
    const warm = throttlingBackend(0)
    const client = config(warm.backend)
    await settled(client.getTree('/p/s'))
    await settled(client.load())
    expect(warm.seen.maxInFlight).toBe(2)
  })

  it('gives up with the throttle once the retry budget is spent, and passes its own errors on at once', async () => {
    const { backend, seen } = throttlingBackend(1_000)
    await expect(settled(config(backend, { budgetFloor: 4, budgetRatio: 0 }).load())).rejects.toBeInstanceOf(
      ThrottledError,
    )
    // Levels are listed one at a time while cold: the first tries once and retries 4 times (the budget),
    // and the load fails with it.
    expect(seen.calls).toBe(5)
    const denied = stubBackend({ '/p/s/a': '1' })
    denied.failWith = new AccessDeniedError('denied')
    await expect(settled(config(denied).load())).rejects.toBeInstanceOf(AccessDeniedError)
    expect(denied.calls.list).toBe(3) // one per level, none tried again
    const down = stubBackend({ '/p/s/a': '1' })
    down.failWith = new BackendUnavailableError('down')
    await expect(settled(config(down, { budgetFloor: 0, budgetRatio: 0 }).load())).rejects.toBeInstanceOf(
      BackendUnavailableError,
    )
    expect(down.calls.list).toBe(3)
  })
})
