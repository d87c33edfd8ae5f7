import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Entry, expirationInPolicyText, policiesJSON, validatePolicies } from '../src/backend-entry.js'
import { BackendUnavailableError, isParamkitError } from '../src/index.js'
import { EncryptedCache } from '../src/testing-entry.js'
import { fakeClock } from './support/stub-backend.js'

const entry = (version: string, expiresAt: number): Entry => ({
  name: '/prod/api/token',
  value: `v${version}`,
  type: 'String',
  version,
  sensitive: false,
  expiresAt: new Date(expiresAt),
})

describe('Expiration is honoured by the cache', () => {
  it('never serves a parameter at or past its expiresAt, however long the TTL, and treats it as gone', async () => {
    const clock = fakeClock()
    const cache = new EncryptedCache({ ttl: 3_600_000, jitter: 0, clock })
    const expiresAt = clock.now() + 2000
    let calls = 0
    // Parameter Store deletes on a periodic scan, so a read just after expiry may still return the parameter.
    const load = async () => entry(String(++calls), expiresAt)
    expect((await cache.read('k', load))?.value).toBe('v1')
    clock.advance(1998)
    expect((await cache.read('k', load))?.value).toBe('v1')
    expect(calls).toBe(1)
    clock.advance(2)
    expect(await cache.read('k', load)).toBeUndefined()
    expect(calls).toBe(2)
  })

  it('does not serve a stale copy past expiry even when the backend fails (stale-if-error stops at expiresAt)', async () => {
    const clock = fakeClock()
    const cache = new EncryptedCache({
      ttl: 1000,
      jitter: 0,
      maxStale: 60_000,
      staleWhileRevalidate: 60_000,
      clock,
    })
    await cache.read('k', async () => entry('1', clock.now() + 5000))
    clock.advance(2000)
    const failing = async () => {
      throw new BackendUnavailableError('down')
    }
    expect((await cache.read('k', failing))?.value).toBe('v1') // stale, before expiry: allowed
    clock.advance(3000)
    await expect(cache.read('k', failing)).rejects.toThrow(/No usable value|down/)
  })
})

describe('parameter policies', () => {
  const now = Date.parse('2030-01-01T00:00:00Z')
  const check = (policies: unknown, tier?: string) => {
    try {
      validatePolicies('/p', policies, { backend: 'ssm', tier, now })
      return 'ok'
    } catch (error) {
      return isParamkitError(error) ? `${error.code}:${(error as { rule?: string }).rule}` : 'other'
    }
  }

  it('accepts the three documented types and writes them in the documented JSON shape', () => {
    const policies = [
      { type: 'Expiration', at: '2030-06-01T00:00:00Z' },
      { type: 'ExpirationNotification', before: 15, unit: 'Days' },
      { type: 'NoChangeNotification', after: 20, unit: 'Hours' },
    ] as const
    expect(check(policies)).toBe('ok')
    expect(JSON.parse(policiesJSON(policies))).toEqual([
      { Type: 'Expiration', Version: '1.0', Attributes: { Timestamp: '2030-06-01T00:00:00.000Z' } },
      { Type: 'ExpirationNotification', Version: '1.0', Attributes: { Before: '15', Unit: 'Days' } },
      { Type: 'NoChangeNotification', Version: '1.0', Attributes: { After: '20', Unit: 'Hours' } },
    ])
    expect(expirationInPolicyText(JSON.parse(policiesJSON(policies))[0])?.toISOString()).toBe(
      '2030-06-01T00:00:00.000Z',
    )
  })

  it('refuses bad shapes with the rule broken', () => {
    expect(check('nope')).toBe('VALIDATION:policies')
    expect(check([{ type: 'Expire' }])).toBe('VALIDATION:policy-type')
    expect(check([{ type: 'Expiration', at: 'soon' }])).toBe('VALIDATION:policy-timestamp')
    expect(check([{ type: 'Expiration', at: '2029-01-01T00:00:00Z' }])).toBe('VALIDATION:policy-timestamp')
    expect(check([{ type: 'NoChangeNotification', after: 1.5, unit: 'Days' }])).toBe(
      'VALIDATION:policy-amount',
    )
    expect(check([{ type: 'ExpirationNotification', before: 3, unit: 'Weeks' }])).toBe(
      'VALIDATION:policy-unit',
    )
    expect(
      check([
        { type: 'NoChangeNotification', after: 1, unit: 'Days' },
        { type: 'NoChangeNotification', after: 2, unit: 'Days' },
      ]),
    ).toBe('VALIDATION:policy-duplicate')
    expect(check([{ type: 'NoChangeNotification', after: 1, unit: 'Days' }], 'Standard')).toBe(
      'VALIDATION:policies-tier',
    )
  })

  it('never throws anything but a Validation error, whatever it is given (property)', () => {
    fc.assert(
      fc.property(fc.anything(), fc.option(fc.constantFrom('Standard', 'Advanced')), (policies, tier) => {
        expect(['ok', 'VALIDATION']).toContain(check(policies, tier ?? undefined).split(':')[0])
      }),
    )
  })
})
