import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { GetManyResult } from '../src/backend-entry.js'
import { ThrottleRate } from '../src/client/policy/throttle-rate.js'
import { AccessDeniedError, BackendUnavailableError, createConfig } from '../src/index.js'
import { stubBackend } from './support/stub-backend.js'

describe('batched loads', () => {
  it('a name the backend neither returns nor reports is asked for alone, never taken as "not found"', async () => {
    const backend = stubBackend({ '/a': '1', '/b': '2', '/c': '3' })
    const getMany = backend.getMany.bind(backend)
    // A backend that silently leaves one name out of its batch answer.
    backend.getMany = async (names): Promise<GetManyResult> => {
      const result = await getMany(names)
      return { ...result, entries: result.entries.filter((e) => e.name !== '/b') }
    }
    const config = createConfig({ backend })
    expect(await config.getMany(['/a', '/b', '/c'])).toEqual({ '/a': '1', '/b': '2', '/c': '3' })
    expect(backend.calls.names).toEqual([['/a', '/b', '/c'], ['/b']])
    expect(config.stats().negativeHits).toBe(0)
    await config.close()
  })

  it('a batch is split only when a member fails on its own, never on a transport failure', async () => {
    const backend = stubBackend(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`/k${i}`, `v${i}`])))
    const getMany = backend.getMany.bind(backend)
    const get = backend.get.bind(backend)
    let failure: Error = new AccessDeniedError('denied', { key: '/k4' })
    const fail = (names: readonly string[]) => {
      if (names.includes('/k4')) throw failure
    }
    backend.getMany = async (names) => {
      fail(names)
      return getMany(names)
    }
    backend.get = async (name) => {
      fail([name])
      return get(name)
    }
    const config = createConfig({ backend, retry: { baseDelayMs: 1 } })
    const read = () => Promise.allSettled(Array.from({ length: 10 }, (_, i) => config.get(`/k${i}`)))
    const denied = await read()
    expect(denied.map((r) => r.status)).toEqual(
      Array.from({ length: 10 }, (_, i) => (i === 4 ? 'rejected' : 'fulfilled')),
    )
    expect((denied[4] as PromiseRejectedResult).reason).toMatchObject({ code: 'ACCESS_DENIED', key: '/k4' })
    // Halves until /k4 stands alone: 10 → 5 → 3 → 2 → 1, plus the halves beside them.
    expect(backend.calls.names.length).toBeLessThanOrEqual(1 + 2 + 2 + 2 + 2)

    // A transport failure fails the whole batch as one call (retried within the budget), never split.
    config.invalidate()
    failure = new BackendUnavailableError('connect ECONNREFUSED', { key: '/k4' })
    backend.calls.names.length = 0
    const down = await read()
    expect(down.every((r) => r.status === 'rejected')).toBe(true)
    expect(backend.calls.names.every((names) => names.length === 10)).toBe(true)
    await config.close()
  })
})

describe('the throttle rate', () => {
  it('is unlimited until a throttle, halves once per congestion event, and climbs back one call per success', () => {
    let now = 0
    const rate = new ThrottleRate(() => now)
    const starts = Array.from({ length: 40 }, () => {
      expect(rate.delay()).toBe(0)
      return rate.started()
    })
    // Ten calls of the same burst are throttled: one decrease, not ten.
    for (const s of starts.slice(0, 10)) rate.throttled(s)
    expect(rate.current).toBe(20)
    now = 1
    // One call every 50 ms from the last start; asking reserves nothing.
    expect(rate.delay()).toBe(49)
    expect(rate.delay()).toBe(49)
    now = 50
    const next = rate.started()
    expect(rate.delay()).toBe(50)
    rate.succeeded()
    expect(rate.current).toBe(21)
    // A call that started after the decrease and is throttled again halves again.
    now = 60
    rate.throttled(next)
    expect(rate.current).toBeLessThan(21)
  })

  it('never locks out: whatever the throttles, a success raises the rate and the next call may start within 1 / floor', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ gap: fc.integer({ min: 0, max: 3000 }), throttled: fc.boolean(), asks: fc.nat(5) }),
          {
            maxLength: 60,
          },
        ),
        (steps) => {
          let now = 0
          const rate = new ThrottleRate(() => now)
          for (const step of steps) {
            now += step.gap
            // Callers that ask and then never call take nothing from the others.
            for (let i = 0; i < step.asks; i++) rate.delay()
            expect(rate.delay()).toBeLessThanOrEqual(1000 / rate.floor)
            now += rate.delay()
            const started = rate.started()
            const before = rate.current
            if (step.throttled) rate.throttled(started)
            else {
              rate.succeeded()
              expect(rate.current).toBeGreaterThanOrEqual(Math.min(before + 1, Number.POSITIVE_INFINITY))
            }
            expect(rate.current).toBeGreaterThanOrEqual(rate.floor)
          }
        },
      ),
    )
  })
})
