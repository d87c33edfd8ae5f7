// close() while reads wait to try again (a throttled listing's pacing, a batch's backoff): the reads fail at
// once with a "closed" error, no backend call is made after close(), and no timer is left behind.
import fc from 'fast-check'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Backend } from '../src/backend-entry.js'
import { createConfig, isParamkitError, ThrottledError } from '../src/index.js'
import { stubBackend } from './support/stub-backend.js'

/** A backend whose listings and batch reads are always throttled, counting its calls. */
function alwaysThrottled() {
  const backend = stubBackend({ '/p/s/a': '1', '/p/s/b': '2', '/shared/c': '3' })
  const calls = { list: 0, read: 0 }
  const throttle = (): never => {
    throw new ThrottledError('Rate exceeded', { operation: 'get', backend: 'stub' })
  }
  backend.list = async function* () {
    calls.list++
    yield throttle()
  } as Backend['list']
  backend.getMany = async () => {
    calls.read++
    return throttle()
  }
  backend.get = async () => {
    calls.read++
    return throttle()
  }
  return { backend, calls }
}

const closedRead = (error: unknown) =>
  isParamkitError(error) && error.code === 'CLOSED' && /closed/.test(error.message)

describe('close() while reads wait to try again', () => {
  beforeAll(async () => {
    // A first load in real time, so the lazy import on a process's first read is done: every read below
    // has made its first call, and is waiting, when close() comes (a call already under way completes).
    await createConfig({ backend: stubBackend({ '/p/s/a': '1' }), env: 'p', service: 's' }).load()
  })
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('fails waiting loads, getTree and batched gets at once, calls nothing more and leaves no timer', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(['load', 'getTree', 'getMany', 'get'] as const, { minLength: 1 }),
        fc.integer({ min: 0, max: 3 }),
        async (reads, turns) => {
          const { backend, calls } = alwaysThrottled()
          const config = createConfig({
            backend,
            env: 'p',
            service: 's',
            fallbacks: ['/shared'],
            timeouts: { readMs: 60_000, loadMs: 60_000 },
            retry: { budgetFloor: 1000, baseDelayMs: 1000 },
          })
          const pending = reads.map((read) => {
            const started =
              read === 'load'
                ? config.load()
                : read === 'getTree'
                  ? config.getTree('')
                  : read === 'getMany'
                    ? config.getMany(['a', 'b'])
                    : config.get('a')
            return started.then(
              () => 'resolved',
              (error: unknown) => error,
            )
          })
          // Let the first calls be made and throttled, and some waits run, before closing.
          for (let i = 0; i <= turns; i++) await vi.advanceTimersByTimeAsync(10)
          const before = { ...calls }
          await config.close()
          const outcomes = await Promise.all(pending)
          for (const [i, outcome] of outcomes.entries())
            expect(closedRead(outcome), `${reads[i]}: ${String(outcome)}`).toBe(true)
          expect(calls).toEqual(before)
          expect(vi.getTimerCount()).toBe(0)
        },
      ),
      { numRuns: 40 },
    )
  })
})

describe('the adaptive rate', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('is one per backend object: a throttle one client meets paces another client on the same backend', async () => {
    const backend = stubBackend({ '/a': '1', '/b': '2' })
    const get = backend.get.bind(backend)
    let throttles = 1
    let calls = 0
    backend.get = async (name, options) => {
      calls++
      if (throttles-- > 0) throw new ThrottledError('Rate exceeded', { operation: 'get', backend: 'stub' })
      return get(name, options)
    }
    // The first client sets up the backend's shared parts: a retry budget of nothing.
    const first = createConfig({ backend, retry: { budgetFloor: 0, budgetRatio: 0 } })
    const second = createConfig({ backend })
    await expect(first.get('/a')).rejects.toBeInstanceOf(ThrottledError)
    expect(calls).toBe(1)
    // The rate is now 0.5 calls a second, for both clients: the other client's call waits its 2 s turn
    // after the throttled one, and the one after that 2 s more.
    const turn = async (read: Promise<string>, expected: string, made: number) => {
      for (let i = 0; i < 5; i++) {
        await new Promise((resolve) => setImmediate(resolve)) // batches flush on setImmediate, not faked here
        await vi.advanceTimersByTimeAsync(20)
      }
      expect(calls).toBe(made - 1)
      await vi.advanceTimersByTimeAsync(2000)
      expect(await read).toBe(expected)
      expect(calls).toBe(made)
    }
    await turn(second.get('/b'), '2', 2)
    await turn(second.get('/a'), '1', 3)
    await Promise.all([first.close(), second.close()])
  })
})
