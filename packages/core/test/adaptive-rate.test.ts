import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AdaptiveRate } from '../src/client/adaptive-rate.js'

/** A rate on a clock the test moves by hand, with a scripted random source. */
function rateAt(random = () => 0.5) {
  const clock = { now: 0 }
  return { clock, rate: new AdaptiveRate(() => clock.now, random) }
}

describe('the adaptive rate', () => {
  it('admits every call at once until the backend throttles', () => {
    const { rate } = rateAt()
    expect(rate.untouched).toBe(true)
    expect(Array.from({ length: 40 }, () => rate.admit())).toEqual(Array(40).fill(0))
    expect(rate.untouched).toBe(false)
    expect(rate.current).toBe(Number.POSITIVE_INFINITY)
  })

  it('drops to 0.5/s at the first throttle and halves once per congestion event', () => {
    const { clock, rate } = rateAt()
    const starts = Array.from({ length: 10 }, () => {
      expect(rate.admit()).toBe(0)
      return clock.now
    })
    clock.now = 5
    // Ten calls of the same burst are throttled: one decrease, not ten.
    for (const s of starts) rate.throttled(s)
    expect(rate.current).toBe(0.5)
    // A call that started after the decrease and is throttled again halves again.
    clock.now = 10_000
    const grown = rate.current
    rate.throttled(9_000)
    expect(rate.current).toBeCloseTo(Math.max(0.1, grown / 2))
    rate.throttled(9_500) // started before the last decrease
    expect(rate.current).toBeCloseTo(Math.max(0.1, grown / 2))
  })

  it('holds calls back a jittered gap after a throttle, then spaces them at the rate, which grows with time', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 60 }),
        (draw, steps) => {
          const { clock, rate } = rateAt(() => draw)
          rate.admit()
          rate.throttled(0)
          // The hold is 0.5 to 1.5 gaps at 0.5/s (1 to 3 s, by the random draw), never less than one gap after the last start.
          expect(rate.admit()).toBeCloseTo(Math.max(2000, 2000 * (0.5 + draw)))
          let last: number | undefined
          for (const step of steps) {
            clock.now += step
            const before = rate.current
            if (rate.admit() > 0) continue
            if (last !== undefined) expect(clock.now - last).toBeGreaterThanOrEqual(1000 / before - 1e-6)
            last = clock.now
            expect(rate.current).toBeGreaterThanOrEqual(before)
          }
          expect(rate.current).toBeCloseTo(0.5 + (0.2 * clock.now) / 1000)
        },
      ),
    )
  })

  it('lifts the rate after 30 s without a throttle', () => {
    const { clock, rate } = rateAt()
    rate.throttled(0)
    clock.now = 29_999
    expect(rate.current).toBeLessThan(10)
    clock.now = 30_000
    expect(rate.current).toBe(Number.POSITIVE_INFINITY)
    expect(rate.admit()).toBe(0)
  })
})
