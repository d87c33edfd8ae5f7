import { describe, expect, it } from 'vitest'
import { changeFeedOf } from '../src/backend-entry.js'
import {
  BackendUnavailableError,
  ClosedError,
  createConfig,
  NotFoundError,
  NotLoadedError,
  Secret,
  ValidationError,
} from '../src/index.js'
import { fakeClock, stubBackend } from './support/stub-backend.js'

const flush = () => new Promise((resolve) => setImmediate(resolve))

function setup(cache: { ttl?: number; maxStale?: number; staleWhileRevalidate?: number } = {}) {
  const clock = fakeClock()
  const backend = stubBackend({
    '/p/s/database/host': 'db.internal',
    '/p/shared/region': 'eu-west-1',
    '/p/s/db': '{"user":"app","password":"pw-1"}',
  })
  backend.set('/p/s/database/password', 'pw-1', 'SecureString')
  const config = createConfig({
    backend,
    env: 'p',
    service: 's',
    fallbacks: ['/{env}/shared'],
    cache: { ttl: 1000, jitter: 0, maxStale: 5000, ...cache, clock },
  })
  return { clock, backend, config }
}

describe('sync reads (getSync, getOptionalSync, getSecretSync)', () => {
  it('a key never loaded throws NotLoadedError naming the key and the call that loads it', async () => {
    const { config, backend } = setup()
    const error = (() => {
      try {
        config.getSync('database/host')
      } catch (e) {
        return e
      }
    })()
    expect(NotLoadedError.is(error)).toBe(true)
    expect(error).toMatchObject({
      code: 'NOT_LOADED',
      key: 'database/host',
      load: 'config.preload(["database/host"])',
    })
    expect((error as Error).message).toContain('config.preload(["database/host"])')
    expect((error as Error).message).toContain('config.load()')
    expect(() => config.getOptionalSync('database/host')).toThrow(NotLoadedError)
    expect(() => config.getSecretSync('database/password')).toThrow(NotLoadedError)
    expect(backend.calls.get + backend.calls.getMany).toBe(0) // a sync read never calls the backend itself
    await config.close()
  })

  it('after preload(keys): values through the hierarchy and its fallbacks, fields, and NotFound as get', async () => {
    const { config } = setup()
    await config.preload(['database/host', 'region', 'db#user', 'database/password', 'nowhere'])
    expect(config.getSync('database/host')).toBe('db.internal')
    expect(config.getSync('region')).toBe(await config.get('region'))
    expect(config.getSync('db#user')).toBe('app')
    expect(config.getSecretSync('database/password').reveal()).toBe('pw-1')
    expect(config.getOptionalSync('nowhere')).toBeUndefined()
    expect(() => config.getSync('nowhere')).toThrow(NotFoundError)
    expect(() => config.getSync('nowhere')).toThrow(/tried "\/p\/s\/nowhere", "\/p\/shared\/nowhere"/)
    await config.close()
  })

  it('after load(): every key of the tree, fallbacks proven absent above by the cached listing', async () => {
    const { config, backend } = setup()
    await config.load()
    const calls = backend.calls.names.length
    expect(config.getSync('region')).toBe('eu-west-1')
    expect(config.getSync('database/host')).toBe('db.internal')
    expect(config.getOptionalSync('database/port')).toBeUndefined()
    expect(backend.calls.names.length).toBe(calls)
    await config.close()
  })

  it('getSecretSync returns the shared Secret of the cached version, never plaintext', async () => {
    const { config, backend, clock } = setup()
    await config.preload(['database/password'])
    const secret = config.getSecretSync('database/password')
    expect(Secret.is(secret)).toBe(true)
    expect(String(secret)).toBe('[redacted]')
    expect(JSON.stringify({ secret })).not.toContain('pw-1')
    expect(secret.reveal()).toBe('pw-1')
    expect(config.getSecretSync('database/password')).toBe(secret)
    expect(await config.getSecret('database/password')).toBe(secret)
    backend.set('/p/s/database/password', 'pw-2', 'SecureString')
    clock.advance(1001)
    expect(config.getSecretSync('database/password').reveal()).toBe('pw-1') // stale, reloading
    await flush()
    const next = config.getSecretSync('database/password')
    expect(next).not.toBe(secret)
    expect(next.reveal()).toBe('pw-2')
    await config.close()
  })

  it('getSync and getOptionalSync refuse a secret as get does (rule secret-read, hint getSecret), and read nothing', async () => {
    const { config, backend } = setup()
    await config.preload(['database/password'])
    const calls = backend.calls.get + backend.calls.getMany
    for (const read of [
      () => config.getSync('database/password'),
      () => config.getOptionalSync('database/password'),
    ]) {
      let error: unknown
      try {
        read()
      } catch (e) {
        error = e
      }
      expect(error).toMatchObject({
        code: 'VALIDATION',
        rule: 'secret-read',
        hint: "getSecret('database/password')",
      })
      expect(String((error as Error).message)).not.toContain('pw-1')
    }
    expect(config.getSecretSync('database/password').reveal()).toBe('pw-1')
    expect(backend.calls.get + backend.calls.getMany).toBe(calls)
    await config.close()
  })

  it('stale within maxStale: the held value at once, and one reload in the background', async () => {
    const { config, backend, clock } = setup()
    await config.preload(['database/host'])
    backend.set('/p/s/database/host', 'db-2.internal')
    clock.advance(1001)
    const calls = backend.calls.names.length
    expect(config.getSync('database/host')).toBe('db.internal')
    expect(config.getSync('database/host')).toBe('db.internal')
    expect(config.stats().staleServed).toBe(2)
    await flush()
    expect(backend.calls.names.length).toBe(calls + 1)
    expect(config.getSync('database/host')).toBe('db-2.internal')
    await config.close()
  })

  it('past maxStale after a failed reload: BackendUnavailableError with the failure as cause, as get', async () => {
    const { config, backend, clock } = setup({ maxStale: 2000 })
    await config.preload(['database/host'])
    clock.advance(1500)
    backend.failWith = new Error('connect ECONNREFUSED')
    expect(config.getSync('database/host')).toBe('db.internal') // within maxStale: served, reload fails
    expect(await config.refresh('database/host')).toMatchObject({ failed: 2 }) // both levels
    clock.advance(2000)
    const error = (() => {
      try {
        config.getSync('database/host')
      } catch (e) {
        return e as BackendUnavailableError
      }
    })()
    expect(BackendUnavailableError.is(error)).toBe(true)
    expect(error?.key).toBe('database/host')
    const chain: string[] = []
    for (let c: unknown = error?.cause; c instanceof Error; c = c.cause) chain.push(c.message)
    expect(chain.join(' <- ')).toContain('ECONNREFUSED')
    await expect(config.get('database/host')).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' })
    await config.close()
  })

  it('past maxStale with no failed reload: NotLoadedError, and the reload it started answers the next read', async () => {
    const { config, backend, clock } = setup({ maxStale: 2000 })
    await config.preload(['database/host'])
    backend.set('/p/s/database/host', 'db-2.internal')
    clock.advance(3001 + 1000)
    expect(() => config.getSync('database/host')).toThrow(/older than maxStale \(2000 ms\)/)
    await flush()
    expect(config.getSync('database/host')).toBe('db-2.internal')
    await config.close()
  })

  it('a value changed by refresh() or by a change event is what the next sync read returns', async () => {
    const { config, backend } = setup()
    await config.load()
    backend.set('/p/s/database/host', 'db-2.internal')
    await config.refresh('database/host')
    expect(config.getSync('database/host')).toBe('db-2.internal')
    backend.set('/p/s/database/host', 'db-3.internal')
    await changeFeedOf(config)!.apply({ name: '/p/s/database/host', kind: 'updated' })
    expect(config.getSync('database/host')).toBe('db-3.internal')
    backend.set('/p/s/region', 'us-east-1') // created at the service's own level: overrides the fallback
    await changeFeedOf(config)!.apply({ name: '/p/s/region', kind: 'created' })
    expect(config.getSync('region')).toBe('us-east-1')
    await config.close()
  })

  it('bad input: a relative key without a service is the ValidationError of get; after close(), ClosedError', async () => {
    const backend = stubBackend({ '/x': '1' })
    const flat = createConfig({ backend })
    const asyncError = await flat.get('database/host').catch((e: unknown) => e)
    expect(ValidationError.is(asyncError)).toBe(true)
    const syncError = (() => {
      try {
        flat.getSync('database/host')
      } catch (e) {
        return e
      }
    })()
    expect(syncError).toMatchObject({
      code: 'VALIDATION',
      rule: (asyncError as ValidationError).rule,
      message: (asyncError as Error).message,
    })
    await flat.preload(['/x'])
    expect(flat.getSync('/x')).toBe('1')
    await flat.close()
    expect(() => flat.getSync('/x')).toThrow(ClosedError)
    expect(() => flat.getOptionalSync('/x')).toThrow(ClosedError)
    expect(() => flat.getSecretSync('/x')).toThrow(ClosedError)
    await expect(flat.preload(['/x'])).rejects.toThrow(ClosedError)
  })

  it('preload rejects a backend failure (not a missing key) and checks every key before any call', async () => {
    const { config, backend } = setup()
    await expect(config.preload(['a', 'bad\u0001key'])).rejects.toThrow(ValidationError)
    expect(backend.calls.names.length).toBe(0)
    backend.failWith = Object.assign(new Error('denied'), { name: 'AccessDeniedException' })
    await expect(config.preload(['database/host'])).rejects.toMatchObject({
      code: 'BACKEND_UNAVAILABLE',
      key: '/p/s/database/host',
    })
    await config.close()
  })
})

describe('sync reads on the real clock (hot memos expire by timer)', () => {
  it('a memoised fresh value expires at its TTL: served stale, reloaded, then the new value', async () => {
    const backend = stubBackend({ '/p/s/host': 'v1' })
    const config = createConfig({ backend, env: 'p', service: 's', cache: { ttl: 40, jitter: 0 } })
    await config.preload(['host'])
    for (let i = 0; i < 100; i++) expect(config.getSync('host')).toBe('v1') // memoised
    backend.set('/p/s/host', 'v2')
    await new Promise((resolve) => setTimeout(resolve, 80))
    expect(config.getSync('host')).toBe('v1') // past its TTL, within maxStale: served, reload started
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(config.getSync('host')).toBe('v2')
    expect(await config.get('host')).toBe('v2')
    await config.close()
    expect(() => config.getSync('host')).toThrow(ClosedError)
  })
})
