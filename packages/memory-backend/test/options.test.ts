import { validationRefusal } from '@paramkit/test-support/validation-refusal'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { memoryBackend } from '../src/index.js'

const known = ['seed', 'faults', 'clock', 'defaultTier', 'name', 'sleep']
const faultKeys = ['seed', 'latency', 'failures', 'failureRate', 'accessDenied', 'kmsKeyState', 'throttle']

describe('memoryBackend options', () => {
  it('a fault option given at the top level is refused, naming it and where it belongs', () => {
    const error = validationRefusal(() => memoryBackend({ throttle: { tps: 1 } } as never))
    expect(error.key).toBe('throttle')
    expect(error.rule).toBe('known-option')
    expect(error.message).toMatch(
      /^Unknown option "throttle" in memoryBackend options; did you mean faults: \{ throttle \}\?/,
    )
    for (const key of ['failureRate', 'latency', 'accessDenied'])
      expect(validationRefusal(() => memoryBackend({ [key]: 1 } as never)).message).toContain(
        `faults: { ${key} }`,
      )
  })

  it('any unknown key, at the top level or inside faults, is refused by name', () => {
    fc.assert(
      fc.property(
        fc
          .string({ minLength: 1, maxLength: 10 })
          .filter((k) => !known.includes(k) && !faultKeys.includes(k)),
        (key) => {
          expect(validationRefusal(() => memoryBackend({ [key]: 1 } as never)).key).toBe(key)
          const inFaults = validationRefusal(() => memoryBackend({ faults: { seed: 1, [key]: 1 } } as never))
          expect([inFaults.key, inFaults.message]).toEqual([
            key,
            expect.stringContaining('memoryBackend({ faults })'),
          ])
        },
      ),
    )
  })

  it('the throttle works when given where it belongs', async () => {
    let now = 0
    const backend = memoryBackend({
      seed: { '/a': 'v' },
      faults: { throttle: { tps: 1, burst: 1 } },
      clock: { now: () => now },
    })
    await backend.get('/a')
    await expect(backend.get('/a')).rejects.toMatchObject({ code: 'THROTTLED' })
    now += 1000
    await expect(backend.get('/a')).resolves.toMatchObject({ value: 'v' })
  })
})
