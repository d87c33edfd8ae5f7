import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { jitteredBackoff } from '../src/backend-kit.js'

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
