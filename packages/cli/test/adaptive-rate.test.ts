import { ThrottledError, ValidationError } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { writeAdaptively } from '../src/push/adaptive-rate.js'

describe('writeAdaptively (AIMD)', () => {
  it('backs off against a throttled store and still writes everything, once', async () => {
    // Parameter Store's write limit, on a clock that moves only when the writer sleeps.
    let now = 0
    const clock = { now: () => now }
    const store = memoryBackend({ clock, faults: { throttle: { tps: 3, burst: 3 } } })
    const sleeps: number[] = []
    const names = Array.from({ length: 40 }, (_, i) => `/seed/app/key${i}`)
    const report = await writeAdaptively(
      names,
      async (name) => {
        await store.put(name, `v-${name}`)
      },
      {
        initial: 8,
        sleep: async (ms) => {
          sleeps.push(ms)
          now += ms
        },
      },
    )
    expect(report.written).toBe(40)
    expect(report.failed).toEqual([])
    expect(report.throttles).toBe(store.stats().throttled)
    expect(report.throttles).toBeGreaterThan(0)
    // Each decrease halved the window (never below 1); successes widened it by 1/window.
    let halvings = 0
    for (let i = 1; i < report.windows.length; i++) {
      const [before, after] = [report.windows[i - 1]!, report.windows[i]!]
      if (after === Math.max(1, before / 2)) halvings++
      else expect(after).toBeCloseTo(Math.min(16, before + 1 / before), 10)
    }
    // Writes in flight together are one congestion event: one halving, however many were throttled.
    expect(halvings).toBeGreaterThan(0)
    expect(halvings).toBeLessThan(report.throttles)
    expect(store.stats().calls.put).toBe(40 + report.throttles)
    const snapshot = store.snapshot()
    expect(Object.keys(snapshot).sort()).toEqual([...names].sort())
  })

  it('keeps the window within [1, max], never exceeds it, and settles every item', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.boolean(), { maxLength: 60 }),
        fc.integer({ min: 1, max: 8 }),
        async (count, throttlePattern, initial) => {
          let call = 0
          let inFlight = 0
          let peak = 0
          const report = await writeAdaptively(
            Array.from({ length: count }, (_, i) => i),
            async () => {
              inFlight++
              peak = Math.max(peak, inFlight)
              await Promise.resolve()
              inFlight--
              if (throttlePattern[call++]) throw new ThrottledError('slow down', { operation: 'put' })
            },
            { initial, max: 8, maxAttempts: 3, sleep: async () => {} },
          )
          expect(report.written + report.failed.length).toBe(count)
          expect(report.throttles).toBe(
            throttlePattern.slice(0, call).filter(Boolean).length - report.failed.length,
          )
          expect(Math.min(...report.windows)).toBeGreaterThanOrEqual(1)
          expect(Math.max(...report.windows)).toBeLessThanOrEqual(8)
          expect(peak).toBeLessThanOrEqual(Math.floor(Math.max(...report.windows)))
          for (const f of report.failed) expect(f.error).toBeInstanceOf(ThrottledError)
        },
      ),
    )
  })

  it('halves once when a whole window of writes is throttled together', async () => {
    let calls = 0
    const report = await writeAdaptively(
      Array.from({ length: 8 }, (_, i) => i),
      async () => {
        calls++
        await Promise.resolve()
        if (calls <= 8) throw new ThrottledError('slow down', { operation: 'put' })
      },
      { initial: 8, sleep: async () => {} },
    )
    expect(report.throttles).toBe(8)
    expect(report.written).toBe(8)
    expect(report.windows.slice(0, 2)).toEqual([8, 4])
  })

  it('fails only the item whose write was refused for another reason', async () => {
    const report = await writeAdaptively(['a', 'bad', 'c'], async (item) => {
      if (item === 'bad') throw new ValidationError('no', { key: item, rule: 'x' })
    })
    expect(report.written).toBe(2)
    expect(report.failed.map((f) => f.index)).toEqual([1])
    expect(report.throttles).toBe(0)
  })
})
