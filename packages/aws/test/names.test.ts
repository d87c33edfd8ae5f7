import { ValidationError } from '@paramkit/core'
import {
  segment,
  validFlatName,
  validHierarchicalName,
  validLabel,
  validSelector,
} from '@paramkit/test-support/name-arbitraries'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { validateName, validatePath } from '../src/ssm-names.js'

function ruleOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError)
    return (error as ValidationError).rule
  }
  return undefined
}

describe('validateName', () => {
  it('accepts every valid hierarchical and flat name', () => {
    fc.assert(
      fc.property(fc.oneof(validHierarchicalName, validFlatName), (name) => {
        expect(validateName(name)).toEqual({ name, selector: undefined })
      }),
    )
  })

  it('parses version and label selectors on any valid name', () => {
    fc.assert(
      fc.property(validHierarchicalName, validSelector, (name, selector) => {
        const parsed = validateName(name + selector)
        expect(parsed.name).toBe(name)
        const raw = selector.slice(1)
        if (/^[0-9]+$/.test(raw)) expect(parsed.selector).toEqual({ kind: 'version', version: Number(raw) })
        else expect(parsed.selector).toEqual({ kind: 'label', label: raw })
      }),
    )
  })

  const invalid: Record<string, fc.Arbitrary<string>> = {
    'max-levels': fc
      .array(segment, { minLength: 16, maxLength: 30 })
      .map((s) => `/x${s.join('/')}`.replace('/x', '/a/')),
    'max-length': fc.integer({ min: 1012, max: 3000 }).map((n) => `/${'a'.repeat(n - 1)}`),
    characters: fc
      .tuple(validHierarchicalName, fc.constantFrom(' ', '*', '$', 'é', '\n', '\\', '?', '"'))
      .map(([n, c]) => `${n}${c}x`),
    'reserved-prefix': fc
      .tuple(fc.constantFrom('aws', 'AWS', 'ssm', 'Ssm', 'awsfoo', 'ssm-x'), segment)
      .chain(([p, s]) => fc.constantFrom(`/${p}/${s}`, `${p}${s}`)),
    'leading-slash': fc.tuple(validFlatName, segment).map(([a, b]) => `${a}/${b}`),
    'empty-level': validHierarchicalName.map((n) => `${n}//x`),
    'trailing-slash': validHierarchicalName.map((n) => `${n}/`),
    'selector-version': validHierarchicalName.map((n) => `${n}:0`),
    'label-leading-digit': fc.tuple(validHierarchicalName, validLabel).map(([n, l]) => `${n}:9${l}x`),
  }

  for (const [rule, arbitrary] of Object.entries(invalid)) {
    it(`rejects names breaking "${rule}" with a ValidationError naming that rule`, () => {
      fc.assert(
        fc.property(arbitrary, (name) => {
          expect(ruleOf(() => validateName(name))).toBe(rule)
        }),
      )
    })
  }

  it('throws only ValidationError, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (input) => {
        try {
          validateName(input)
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError)
        }
      }),
      { numRuns: 2000 },
    )
  })

  it('takes a "#field" suffix only where allowed, for any printable field', () => {
    fc.assert(
      fc.property(
        validHierarchicalName,
        fc.string({ minLength: 1, maxLength: 256 }).filter((f) => ![...f].some((c) => c.charCodeAt(0) < 32)),
        (name, field) => {
          expect(validateName(`${name}#${field}`, { allowField: true })).toEqual({
            name,
            selector: undefined,
            field,
          })
          expect(ruleOf(() => validateName(`${name}#${field}`))).toBe('field-not-allowed')
        },
      ),
    )
    expect(ruleOf(() => validateName('/a#', { allowField: true }))).toBe('field')
    expect(ruleOf(() => validateName(`/a#${'f'.repeat(257)}`, { allowField: true }))).toBe('field')
    expect(ruleOf(() => validateName('/a b#f', { allowField: true }))).toBe('characters')
  })

  it('reads, but never writes, the public reserved paths', () => {
    expect(validateName('/aws/reference/secretsmanager/prod/db').name).toBe(
      '/aws/reference/secretsmanager/prod/db',
    )
    expect(validateName('/aws/service/global-infrastructure/regions').selector).toBeUndefined()
    expect(ruleOf(() => validateName('/aws/reference/secretsmanager/x', { mode: 'write' }))).toBe(
      'reserved-prefix',
    )
    expect(ruleOf(() => validateName('/prod/x:3', { mode: 'write' }))).toBe('selector-not-allowed')
  })

  it('names the key and the rule in the message, bounded and printable', () => {
    const error = (() => {
      try {
        validateName(`/prod/${'x'.repeat(2000)}\u0000`)
      } catch (e) {
        return e as ValidationError
      }
    })()!
    expect(error.message).toMatch(/rule: (max-length|characters)/)
    expect(error.key!.length).toBeLessThanOrEqual(120)
    expect(error.key).not.toContain(String.fromCharCode(0))
    expect(error.operation).toBe('validate')
  })

  it('checks label rules: empty, length, characters, reserved prefix', () => {
    expect(ruleOf(() => validateName('/a/b:'))).toBe('selector-empty')
    expect(ruleOf(() => validateName(`/a/b:${'l'.repeat(101)}`))).toBe('label-length')
    expect(ruleOf(() => validateName('/a/b:awsLabel'))).toBe('label-reserved-prefix')
    expect(ruleOf(() => validateName('/a/b:x', {}))).toBeUndefined()
    expect(ruleOf(() => validateName(''))).toBe('empty')
    expect(ruleOf(() => validateName(':3'))).toBe('empty')
  })
})

describe('validatePath', () => {
  it('accepts the root and trims a trailing slash', () => {
    expect(validatePath('/')).toBe('/')
    expect(validatePath('/prod/api/')).toBe('/prod/api')
    expect(ruleOf(() => validatePath('prod/api'))).toBe('leading-slash')
    expect(ruleOf(() => validatePath('/prod/api:3'))).toBe('selector-not-allowed')
  })
})
