import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RetryBudget } from '../src/client/policy/retry-budget.js'

describe('the retry budget', () => {
  it('allows floor + ratio × the first attempts of the window, and holds only that window', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            gap: fc.integer({ min: 0, max: 3000 }),
            firsts: fc.nat(20),
            retries: fc.oneof(fc.constant(0), fc.nat(20)),
          }),
          {
            maxLength: 80,
          },
        ),
        (steps) => {
          let now = 0
          const budget = new RetryBudget(0.2, 3, 10_000, () => now)
          const firsts: number[] = []
          const retries: number[] = []
          for (const step of steps) {
            now += step.gap
            for (let i = 0; i < step.firsts; i++) {
              budget.attempted()
              firsts.push(now)
            }
            for (let i = 0; i < step.retries; i++) {
              const inWindow = (times: number[]) => times.filter((t) => t > now - 10_000).length
              const allowed = inWindow(retries) < 3 + 0.2 * inWindow(firsts)
              expect(budget.tryRetry()).toBe(allowed)
              if (allowed) retries.push(now)
            }
            // A client that never retries keeps no more than the window's first attempts (pruned as it is used).
            if (step.firsts + step.retries === 0) continue
            const held = (budget as unknown as { firsts: number[] }).firsts.length
            expect(held).toBe(firsts.filter((t) => t > now - 10_000).length)
          }
        },
      ),
    )
  })
})
