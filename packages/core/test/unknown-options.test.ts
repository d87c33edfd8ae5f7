import { validationRefusal } from '@paramkit/test-support/validation-refusal'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cacheOptionNames } from '../src/cache/options.js'
import { configOptionNames } from '../src/client/options.js'
import { createConfig } from '../src/index.js'
import { EncryptedCache } from '../src/testing-entry.js'
import { stubBackend } from './support/stub-backend.js'

const secretValue = 'hunter2-do-not-print'

/** Option names no options type has, including prototype names that `in` would wrongly accept. */
const unknownKey = (known: readonly string[]) =>
  fc
    .oneof(
      fc.string({ minLength: 1, maxLength: 12 }),
      fc.constantFrom('toString', 'constructor', 'ttlMs', 'throttle'),
    )
    .filter((key) => !known.includes(key) && key !== '__proto__')

describe('unknown option keys are refused with a ValidationError naming the key', () => {
  it('createConfig: any unknown key, before any backend call, without echoing its value', () => {
    const backend = stubBackend({ '/prod/api/a': '1' })
    fc.assert(
      fc.property(unknownKey(configOptionNames), (key) => {
        const error = validationRefusal(() =>
          createConfig({ backend, env: 'prod', service: 'api', [key]: secretValue } as never),
        )
        expect(error.key).toBe(key)
        expect(error.rule).toBe('known-option')
        expect(error.message).toContain(`Unknown option "${key}" in createConfig options`)
        expect(error.message).not.toContain(secretValue)
      }),
    )
    expect(backend.calls).toEqual({ get: 0, getMany: 0, list: 0, names: [] })
  })

  it('the cache, through createConfig and on its own', () => {
    const backend = stubBackend({})
    fc.assert(
      fc.property(unknownKey(cacheOptionNames), (key) => {
        const viaConfig = validationRefusal(() =>
          createConfig({ backend, env: 'prod', service: 'api', cache: { ttl: 1, [key]: 5 } as never }),
        )
        expect([viaConfig.key, viaConfig.message]).toEqual([key, expect.stringContaining('in cache options')])
        expect(validationRefusal(() => new EncryptedCache({ [key]: 5 } as never)).key).toBe(key)
      }),
    )
  })

  it('snapshot options', () => {
    const error = validationRefusal(() =>
      createConfig({ backend: stubBackend({}), snapshot: { path: '/tmp/x', file: '/tmp/y' } as never }),
    )
    expect(error.key).toBe('file')
  })

  it('every documented option is still accepted, and undefined values count as given', () => {
    const backend = stubBackend({})
    const config = createConfig({
      backend,
      env: 'prod',
      service: 'api',
      variables: {},
      prefix: '/{env}/{service}',
      fallbacks: [],
      cache: { ttl: 1000, jitter: 0, staleWhileRevalidate: 0, maxStale: 0, negativeTtl: 0, namespace: 'n' },
      schema: undefined,
      withDecryption: true,
      snapshot: undefined,
      refreshAhead: 0,
    })
    expect(config.prefix).toBe('/prod/api')
    void config.close()
  })
})
