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
  isParamkitError(error) && error.code === 'BACKEND_UNAVAILABLE' && /closed/.test(error.message)

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
            retry: { deadlineMs: 60_000, listBaseDelayMs: 1000 },
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
