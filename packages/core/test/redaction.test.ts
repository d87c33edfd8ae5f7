import { inspect } from 'node:util'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { describeCause } from '../src/errors.js'
import {
  AccessDeniedError,
  BackendUnavailableError,
  IntegrityError,
  KeyStateError,
  NotFoundError,
  ParamkitError,
  SchemaError,
  Secret,
  ThrottledError,
  ValidationError,
} from '../src/index.js'

describe('Secret', () => {
  it('shows [redacted] through String, templates, JSON and inspect at any depth, for any value', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 6 }).filter((s) => !'[redacted]Secret()'.includes(s)),
        (value) => {
          const secret = new Secret(value)
          expect(secret.reveal()).toBe(value)
          expect(String(secret)).toBe('[redacted]')
          expect(`${secret}`).toBe('[redacted]')
          expect(`value: ${secret}`).not.toContain(value)
          expect(JSON.stringify({ a: { b: [secret] } })).toBe('{"a":{"b":["[redacted]"]}}')
          for (const depth of [0, 2, Number.POSITIVE_INFINITY]) {
            expect(inspect({ nested: { secret } }, { depth, showHidden: true })).not.toContain(value)
          }
          expect(Object.keys(secret)).toEqual([])
          expect(Object.getOwnPropertyNames(secret)).toEqual([])
        },
      ),
    )
  })

  it('is recognised and frozen', () => {
    const secret = new Secret({ user: 'u', password: 'p4ssw0rd!' })
    expect(Secret.is(secret)).toBe(true)
    expect(Secret.is('x')).toBe(false)
    expect(Object.isFrozen(secret)).toBe(true)
    expect(Object.prototype.toString.call(secret)).toBe('[object Secret]')
    expect(inspect(secret)).toBe('Secret([redacted])')
  })
})

describe('errors', () => {
  const classes = [
    [NotFoundError, 'NOT_FOUND'],
    [AccessDeniedError, 'ACCESS_DENIED'],
    [ThrottledError, 'THROTTLED'],
    [ValidationError, 'VALIDATION'],
    [KeyStateError, 'KEY_STATE'],
    [IntegrityError, 'INTEGRITY'],
    [BackendUnavailableError, 'BACKEND_UNAVAILABLE'],
  ] as const

  it.each(classes)('%o carries code, key, backend, operation and cause', (Class, code) => {
    const cause = Object.assign(new Error('raw SDK message quoting value sup3r-s3cret'), {
      name: 'ParameterNotFound',
    })
    const error = new Class('Parameter "/p/k" failed', {
      key: '/p/k',
      backend: 'ssm',
      operation: 'get',
      cause,
    })
    expect(error).toBeInstanceOf(ParamkitError)
    expect(error.name).toBe(Class.name)
    expect(error).toMatchObject({ code, key: '/p/k', backend: 'ssm', operation: 'get' })
    expect(error.cause).toBe(cause)
    const json = JSON.stringify(error)
    expect(JSON.parse(json)).toMatchObject({ code, key: '/p/k', cause: 'ParameterNotFound' })
    expect(json).not.toContain('sup3r-s3cret')
  })

  it('keeps extra fields: permission, attempts, rule, keyId, issues', () => {
    expect(new AccessDeniedError('x', { permission: 'kms:Decrypt' }).permission).toBe('kms:Decrypt')
    expect(new ThrottledError('x', { attempts: 4 }).attempts).toBe(4)
    expect(new ValidationError('x', { rule: 'max-levels' }).rule).toBe('max-levels')
    expect(new KeyStateError('x', { keyId: 'alias/k' }).keyId).toBe('alias/k')
    const schema = new SchemaError('x', { issues: [{ path: 'a.b', message: 'Required' }] })
    expect(schema.toJSON()).toMatchObject({ code: 'SCHEMA', issues: [{ path: 'a.b', message: 'Required' }] })
  })

  it('describes causes by name and code only', () => {
    expect(describeCause(undefined)).toBeUndefined()
    expect(describeCause('a string with a value')).toBe('string')
    expect(describeCause(Object.assign(new Error('m'), { code: 'ECONNRESET' }))).toBe('Error (ECONNRESET)')
    expect(describeCause(new NotFoundError('Key "/a" not found'))).toBe('NotFoundError: Key "/a" not found')
  })
})
