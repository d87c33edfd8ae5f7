import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { snapshotClient, until } from './support/snapshot-client.js'

const WINDOW = 1_000

type Step = { kind: 'load' } | { kind: 'change' } | { kind: 'wait'; ms: number }

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.constant({ kind: 'load' as const }),
  fc.constant({ kind: 'change' as const }),
  fc.constantFrom(1, 400, 999, WINDOW, 1_500, 2_500).map((ms) => ({ kind: 'wait' as const, ms })),
)

/**
 * The expected writes: content is a counter bumped by each change. A load whose content differs from
 * the file's writes at once when no window is open, else marks it pending; a window ends WINDOW ms
 * after a write and writes the newest content if a change is pending (opening a new window); close()
 * writes a pending change.
 */
class Model {
  writes = 0
  now = 0
  content = 0
  onDisk = -1
  windowEnd: number | undefined
  pending = false

  load(): void {
    if (this.content === this.onDisk) this.pending = false
    else if (this.windowEnd !== undefined) this.pending = true
    else this.write()
  }

  wait(ms: number): void {
    const target = this.now + ms
    while (this.windowEnd !== undefined && this.windowEnd <= target) {
      this.now = this.windowEnd
      this.windowEnd = undefined
      if (this.pending) this.write()
    }
    this.now = target
  }

  close(): void {
    this.windowEnd = undefined
    if (this.pending) this.write()
  }

  private write(): void {
    this.pending = false
    this.writes++
    this.onDisk = this.content
    this.windowEnd = this.now + WINDOW
  }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('snapshot write debounce', () => {
  it('writes once per content change, collapsing changes inside a window into one write of the newest', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 12 }), async (steps) => {
        vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
        const client = snapshotClient({ writeDebounceMs: WINDOW })
        const model = new Model()
        try {
          await client.config.load()
          model.load()
          for (const step of steps) {
            if (step.kind === 'wait') {
              await vi.advanceTimersByTimeAsync(step.ms)
              model.wait(step.ms)
            } else {
              if (step.kind === 'change') {
                model.content++
                await client.backend.put('/prod/api/db/password', `v${model.content}`, {
                  type: 'SecureString',
                  overwrite: true,
                })
                await client.config.refresh()
              }
              await client.config.load()
              model.load()
            }
            await until(() => client.writes() >= model.writes, 500)
            expect(client.writes()).toBe(model.writes)
          }
          await client.config.close()
          model.close()
          expect(client.writes()).toBe(model.writes)
          expect(client.errors).toEqual([])
          expect(vi.getTimerCount()).toBe(0)
          expect(client.calls.snapshotKey).toBe(model.writes)
        } finally {
          await client.config.close()
          vi.useRealTimers()
        }
      }),
      { numRuns: 40 },
    )
  })
})
