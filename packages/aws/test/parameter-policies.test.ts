import { isParamkitError } from '@paramkit/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { expirationInPolicyText, policiesJSON, validatePolicies } from '../src/parameter-policies.js'

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
