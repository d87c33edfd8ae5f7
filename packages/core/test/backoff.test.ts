import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decorrelatedJitter, jitteredBackoff } from '../src/backend-kit.js'

describe('jitteredBackoff', () => {
  it('waits a random share of base × 2^attempt, capped at 5 s (full jitter)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 30 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (baseDelayMs, attempt, r) => {
          const delay = jitteredBackoff({ baseDelayMs }, () => r)(attempt)
          const ceiling = Math.min(5000, baseDelayMs * 2 ** attempt)
          expect(delay).toBeGreaterThanOrEqual(0)
          expect(delay).toBeLessThanOrEqual(ceiling)
          expect(delay).toBe(Math.floor(r * ceiling))
        },
      ),
    )
  })

  it('defaults to a 50 ms base', () => {
    expect(jitteredBackoff({}, () => 0.5)(3)).toBe(Math.floor(0.5 * 50 * 8))
  })
})

describe('decorrelated jitter', () => {
  it('waits between base and 3× the previous wait, never past the cap, and starts over after reset', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1000, max: 60_000 }),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.integer({ min: 0, max: 39 }),
        (base, cap, draws, resetAt) => {
          let i = 0
          const jitter = decorrelatedJitter(
            { baseDelayMs: base, capDelayMs: cap },
            () => draws[i++ % draws.length]!,
          )
          let previous = base
          for (let n = 0; n < draws.length; n++) {
            if (n === resetAt) {
              jitter.reset()
              previous = base
            }
            const wait = jitter.next()
            expect(wait).toBeGreaterThanOrEqual(Math.min(base, cap) - 1)
            expect(wait).toBeLessThanOrEqual(Math.min(cap, previous * 3))
            previous = Math.max(base, wait + 1)
          }
        },
      ),
    )
  })

  it('spreads clients throttled together: 100 first waits are not all alike, and grow when throttled again', () => {
    const firsts = Array.from({ length: 100 }, () => decorrelatedJitter({ baseDelayMs: 100 }).next())
    expect(new Set(firsts).size).toBeGreaterThan(50)
    const one = decorrelatedJitter({ baseDelayMs: 100, capDelayMs: 1e9 }, () => 1 - Number.EPSILON)
    const waits = Array.from({ length: 5 }, () => one.next())
    expect(waits).toEqual([...waits].sort((a, b) => a - b))
    expect(waits[4]).toBeGreaterThan(waits[0]! * 50)
  })
})
