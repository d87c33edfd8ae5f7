import { firstSegment, segment } from '@paramkit/test-support/name-arbitraries'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { KeyResolver } from '../src/backend-entry.js'
import { createConfig, NotFoundError, ValidationError } from '../src/index.js'
import { stubBackend } from './support/stub-backend.js'

const relativeKey = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'))
const level = fc.array(firstSegment, { minLength: 1, maxLength: 3 }).map((s) => `/${s.join('/')}`)

/** The reference: absolute keys are themselves; relative keys go under the prefix, then each fallback, once each. */
function model(prefix: string, fallbacks: string[], key: string): string[] {
  if (key.startsWith('/')) return [key]
  return [...new Set([prefix, ...fallbacks].map((l) => `${l}/${key}`))]
}

describe('KeyResolver', () => {
  it('resolves like the reference model for random prefixes, fallbacks and keys', () => {
    fc.assert(
      fc.property(
        firstSegment,
        firstSegment,
        fc.array(level, { maxLength: 3 }),
        fc.oneof(relativeKey, level),
        (env, service, fallbacks, key) => {
          const resolver = new KeyResolver({
            prefix: '/{env}/{service}',
            fallbacks,
            variables: { env, service },
          })
          expect(resolver.resolve(key).candidates).toEqual(model(`/${env}/${service}`, fallbacks, key))
        },
      ),
    )
  })

  it('fills templates in fallbacks too and keeps selectors on every candidate', () => {
    const resolver = new KeyResolver({
      prefix: '/{env}/{service}',
      fallbacks: ['/{env}/shared', '/shared'],
      variables: { env: 'prod', service: 'order-api' },
    })
    expect(resolver.resolve('database/host:3').candidates).toEqual([
      '/prod/order-api/database/host:3',
      '/prod/shared/database/host:3',
      '/shared/database/host:3',
    ])
    expect(resolver.resolvePath('')).toEqual(['/prod/order-api', '/prod/shared', '/shared'])
    expect(resolver.resolvePath('database/')).toEqual([
      '/prod/order-api/database',
      '/prod/shared/database',
      '/shared/database',
    ])
    expect(resolver.resolvePath('/other/')).toEqual(['/other'])
  })

  it('treats keys as flat names when there is no hierarchy', () => {
    const resolver = new KeyResolver({ prefix: '', fallbacks: [], variables: {} })
    expect(resolver.resolve('MyParam').candidates).toEqual(['MyParam'])
  })

  it('refuses a template whose variable is missing, and bad keys, before any backend call', () => {
    expect(
      () => new KeyResolver({ prefix: '/{env}/{service}', fallbacks: [], variables: { env: 'prod' } }),
    ).toThrow(/needs "service".*rule: template-variable/)
    const resolver = new KeyResolver({ prefix: '/prod/api', fallbacks: [], variables: {} })
    expect(() => resolver.resolve('bad\u0007key')).toThrow(ValidationError)
    expect(() => resolver.resolve('a//b')).toThrow(/empty-level/)
  })
})

describe('resolution through the config client', () => {
  it('returns the value of the first candidate present, for any presence pattern', async () => {
    await fc.assert(
      fc.asyncProperty(
        relativeKey,
        fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
        async (key, present) => {
          const levels = ['/prod/api', '/prod/shared', '/shared']
          const backend = stubBackend()
          levels.forEach((l, i) => {
            if (present[i]) backend.set(`${l}/${key}`, `value-${i}`)
          })
          const config = createConfig({
            backend,
            env: 'prod',
            service: 'api',
            fallbacks: ['/{env}/shared', '/shared'],
          })
          const first = present.indexOf(true)
          const read = async () => {
            if (first === -1) await expect(config.get(key)).rejects.toBeInstanceOf(NotFoundError)
            else expect(await config.get(key)).toBe(`value-${first}`)
          }
          await read()
          // Cold: every level asked once, in one batched call (one round trip), wherever the key is.
          const names = levels.map((l) => `${l}/${key}`)
          expect(backend.calls.names).toEqual([names])
          // Reloaded: only the levels up to the one that answered, again in one call.
          config.invalidate(key)
          await read()
          expect(backend.calls.names.slice(1).flat()).toEqual(names.slice(0, first === -1 ? 3 : first + 1))
          expect(backend.calls.get + backend.calls.getMany).toBe(2)
          await config.close()
        },
      ),
      { numRuns: 60 },
    )
  })

  it('asks no level that a fresh cached listing proves absent', async () => {
    const backend = stubBackend({ '/prod/api/db/host': 'h', '/shared/timeout': '30' })
    const config = createConfig({
      backend,
      env: 'prod',
      service: 'api',
      fallbacks: ['/{env}/shared', '/shared'],
    })
    await config.getTree('/prod/api') // lists the service's own level only
    backend.calls.names.length = 0
    expect(await config.get('timeout')).toBe('30')
    expect(backend.calls.names).toEqual([['/prod/shared/timeout', '/shared/timeout']])
    // A selector or JSON field goes by the name it selects from.
    await expect(config.get('db/missing:3')).rejects.toBeInstanceOf(NotFoundError)
    expect(backend.calls.names.slice(1)).toEqual([['/prod/shared/db/missing:3', '/shared/db/missing:3']])
    await config.close()
  })
})
