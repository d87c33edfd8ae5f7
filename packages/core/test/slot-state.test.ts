import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Entry } from '../src/backend-entry.js'
import { EncryptedCache } from '../src/testing-entry.js'
import { deferred, settle } from './support/deferred.js'

const stored = (value: string): Entry => ({
  name: '/k',
  value,
  type: 'SecureString',
  version: value,
  sensitive: true,
})

/** A slot's history: what was stored, whether a reload failed since, the time passed, a load in flight. */
const scenario = fc.record({
  ttl: fc.integer({ min: 1, max: 1000 }),
  staleWhileRevalidate: fc.integer({ min: 0, max: 1000 }),
  maxStale: fc.integer({ min: 0, max: 2000 }),
  held: fc.constantFrom('value', 'not found', 'nothing'),
  failedAfter: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined }),
  elapsed: fc.integer({ min: 0, max: 4000 }),
  inFlight: fc.boolean(),
})

describe('slot state: one typed state predicts what a read does', () => {
  it('fresh and stale answer without waiting; loading joins; failed, expired and missing load once', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        let now = 0
        const cache = new EncryptedCache({
          ttl: s.ttl,
          negativeTtl: s.ttl,
          jitter: 0,
          staleWhileRevalidate: s.staleWhileRevalidate,
          maxStale: s.maxStale,
          clock: { now: () => now },
        })
        if (s.held !== 'nothing')
          await cache.read('/k', async () => (s.held === 'value' ? stored('v1') : undefined))
        let failed = false
        if (s.failedAfter !== undefined && s.held === 'value') {
          now = s.failedAfter
          failed = await cache.refresh('/k', async () => Promise.reject(new Error('down'))).then((ok) => !ok)
        }
        now = Math.max(now, s.elapsed)
        const gate = deferred()
        const held = s.inFlight ? cache.refresh('/k', () => gate.promise.then(() => stored('v2'))) : undefined

        const state = cache.state('/k')
        const freshUntil = s.ttl
        const hasValue = s.held === 'value'
        // The definition, independently of the code: which state this history must be in.
        if (s.held !== 'nothing' && now <= freshUntil) expect(state).toBe('fresh')
        else if (
          hasValue &&
          now <= freshUntil + s.staleWhileRevalidate &&
          (!failed || now <= freshUntil + s.maxStale)
        )
          expect(state).toBe('stale')
        else if (s.inFlight) expect(state).toBe('loading')
        else if (failed) expect(state).toBe('failed')
        else expect(state).toBe(s.held === 'nothing' ? 'missing' : 'expired')

        let calls = 0
        const read = cache.read('/k', async () => {
          calls++
          return stored('v3')
        })
        let answered = false
        read.then(
          () => (answered = true),
          () => (answered = true),
        )
        await settle()
        if (state === 'fresh' || state === 'stale') {
          expect(answered).toBe(true)
          expect((await read)?.value).toBe(hasValue ? 'v1' : undefined)
          expect(calls).toBe(state === 'stale' && !s.inFlight ? 1 : 0)
        } else if (state === 'loading') {
          expect(calls).toBe(0)
          gate.resolve()
          expect((await read)?.value).toBe('v2')
        } else {
          expect(calls).toBe(1)
          expect((await read)?.value).toBe('v3')
        }
        gate.resolve()
        await held
        cache.close()
      }),
      { numRuns: 300 },
    )
  })
})
