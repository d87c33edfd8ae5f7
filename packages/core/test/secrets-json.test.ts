import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Entry } from '../src/backend-entry.js'
import { isAuthenticationError } from '../src/client/auth-errors.js'
import { createConfig, NotFoundError, type Secret, ValidationError } from '../src/index.js'
import { extractField } from '../src/json-field.js'
import { stubBackend } from './support/stub-backend.js'

const secret = (value: string): Entry => ({
  name: '/prod/db',
  value,
  type: 'Secret',
  version: 'v1',
  sensitive: true,
})

describe('extractField', () => {
  it('gives any field of any JSON object, strings as they are and other values as JSON', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.string(), (object, extra) => {
        const entry = secret(JSON.stringify(object))
        for (const [field, value] of Object.entries(object)) {
          if (field === '__proto__') continue
          const got = extractField(entry, field, 'test')
          expect(got.value).toBe(typeof value === 'string' ? value : JSON.stringify(value))
          expect(got.selector).toBe(`#${field}`)
          expect(got.sensitive).toBe(true)
        }
        if (!Object.hasOwn(object, extra)) {
          const error = (() => {
            try {
              extractField(entry, extra, 'test')
            } catch (e) {
              return e as Error
            }
          })()
          expect(error).toBeInstanceOf(NotFoundError)
          expect(error!.message).toContain(`no field "${extra}"`)
          for (const value of Object.values(object)) {
            if (
              typeof value === 'string' &&
              value.length > 3 &&
              !extra.includes(value) &&
              !'/prod/db'.includes(value)
            ) {
              expect(error!.message).not.toContain(value)
            }
          }
        }
      }),
    )
  })

  it('refuses non-object JSON and binary values without quoting them', () => {
    for (const value of ['not json s3cr3t', '"a string"', '[1,2]', 'null']) {
      const error = (() => {
        try {
          extractField(secret(value), 'password', 'test')
        } catch (e) {
          return e as ValidationError
        }
      })()!
      expect(error).toBeInstanceOf(ValidationError)
      expect(error.message).not.toContain('s3cr3t')
    }
    expect(() => extractField({ ...secret(''), value: new Uint8Array([1]) }, 'x', 'test')).toThrow(/binary/)
  })
})

describe('JSON secrets through the client', () => {
  function setup() {
    const backend = stubBackend()
    backend.set(
      '/prod/api/database/credentials',
      JSON.stringify({ username: 'app', password: 'pw-123', port: 5432 }),
      'SecureString',
    )
    return { backend, config: createConfig({ backend, env: 'prod', service: 'api' }) }
  }

  it('getTree over a JSON secret gives the parsed object, leaves as Secret', async () => {
    const { config } = setup()
    const tree = await config.getTree('database/credentials')
    expect(Object.keys(tree).sort()).toEqual(['password', 'port', 'username'])
    expect((tree.password as Secret).reveal()).toBe('pw-123')
    expect((tree.port as Secret).reveal()).toBe('5432')
    expect(JSON.stringify(tree)).not.toContain('pw-123')
    expect(await config.getTree('database/nothing')).toEqual({})
  })

  it('reads a "#field" key from its secret: the backend is asked for the whole secret', async () => {
    const { backend, config } = setup()
    expect((await config.getSecret('database/credentials#password')).reveal()).toBe('pw-123')
    expect((await config.getSecret('database/credentials#username')).reveal()).toBe('app')
    await expect(config.getSecret('database/credentials#nope')).rejects.toBeInstanceOf(NotFoundError)
    expect(backend.calls.names.flat()).toEqual(['/prod/api/database/credentials'])
    expect(config.stats().entries).toBe(1)
  })
})

describe('withFreshSecret', () => {
  it('reloads the secret once and retries once when fn fails with an authentication error', async () => {
    const backend = stubBackend({ '/prod/api/db/password': 'old-pw' })
    const config = createConfig({ backend, env: 'prod', service: 'api' })
    await config.getEntry('db/password')
    backend.set('/prod/api/db/password', 'new-pw', 'SecureString')
    const seen: string[] = []
    const result = await config.withFreshSecret('db/password', async (secret) => {
      seen.push(secret.reveal())
      if (secret.reveal() === 'old-pw')
        throw Object.assign(new Error('password authentication failed for user "app"'), { code: '28P01' })
      return 'connected'
    })
    expect(result).toBe('connected')
    expect(seen).toEqual(['old-pw', 'new-pw'])
    expect(backend.calls.get).toBe(2)
  })

  it('does not retry other errors, and retries at most once', async () => {
    const backend = stubBackend({ '/p/s/k': 'v' })
    const config = createConfig({ backend, env: 'p', service: 's' })
    let calls = 0
    const boom = new Error('connection refused')
    await expect(
      config.withFreshSecret('k', async () => {
        calls++
        throw boom
      }),
    ).rejects.toBe(boom)
    expect(calls).toBe(1)
    const auth = Object.assign(new Error('auth'), { status: 401 })
    await expect(
      config.withFreshSecret('k', async () => {
        calls++
        throw auth
      }),
    ).rejects.toBe(auth)
    expect(calls).toBe(3)
    const custom = await config.withFreshSecret(
      'k',
      async (s) => {
        calls++
        if (calls === 4) throw new Error('E_CUSTOM')
        return s.reveal()
      },
      { isAuthError: (e) => (e as Error).message === 'E_CUSTOM' },
    )
    expect(custom).toBe('v')
  })

  it('recognises common driver authentication errors', () => {
    expect(isAuthenticationError({ code: 'ER_ACCESS_DENIED_ERROR' })).toBe(true)
    expect(isAuthenticationError({ code: 'WRONGPASS' })).toBe(true)
    expect(isAuthenticationError({ statusCode: 401 })).toBe(true)
    expect(isAuthenticationError(new Error('Login failed: invalid password'))).toBe(true)
    expect(isAuthenticationError(new Error('ECONNREFUSED'))).toBe(false)
    expect(isAuthenticationError('x')).toBe(false)
  })
})
