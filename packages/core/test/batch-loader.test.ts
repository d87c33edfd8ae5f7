import { describe, expect, it } from 'vitest'
import type { GetManyResult } from '../src/backend-entry.js'
import { AdaptiveRate } from '../src/client/adaptive-rate.js'
import { BackendUnavailableError, createConfig } from '../src/index.js'
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

  it('a call that keeps failing fails only its own names, within the retry deadline', async () => {
    const backend = stubBackend(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`/k${i}`, `v${i}`])))
    const getMany = backend.getMany.bind(backend)
    const get = backend.get.bind(backend)
    const down = (names: readonly string[]) => {
      if (names.includes('/k4')) throw new BackendUnavailableError('down', { key: '/k4' })
    }
    backend.getMany = async (names) => {
      down(names)
      return getMany(names)
    }
    backend.get = async (name) => {
      down([name])
      return get(name)
    }
    const config = createConfig({ backend, retry: { deadlineMs: 30, baseDelayMs: 1 } })
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => config.get(`/k${i}`)))
    expect(results.map((r) => r.status)).toEqual(
      Array.from({ length: 10 }, (_, i) => (i === 4 ? 'rejected' : 'fulfilled')),
    )
    expect((results[4] as PromiseRejectedResult).reason).toMatchObject({
      code: 'BACKEND_UNAVAILABLE',
      key: '/k4',
    })
    await config.close()
  })
})

describe('the adaptive rate', () => {
  it('is unlimited until a throttle, halves once per congestion event, and climbs back one call per success', () => {
    let now = 0
    const rate = new AdaptiveRate(() => now)
    const starts = Array.from({ length: 40 }, () => rate.reserve())
    expect(starts.every((s) => s.wait === 0)).toBe(true)
    // Ten calls of the same burst are throttled: one decrease, not ten.
    for (const s of starts.slice(0, 10)) rate.throttled(s.startsAt)
    expect(rate.current).toBe(20)
    now = 1
    const next = rate.reserve()
    expect(next.wait).toBe(0)
    expect(rate.reserve().wait).toBe(50)
    rate.succeeded()
    expect(rate.current).toBe(21)
    // A call that started after the decrease and is throttled again halves again.
    now = 2
    rate.throttled(next.startsAt + 1)
    expect(rate.current).toBeLessThan(21)
  })
})
