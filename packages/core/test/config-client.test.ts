import { inspect } from 'node:util'
import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import {
  AccessDeniedError,
  type ChangeEvent,
  createConfig,
  NotFoundError,
  SchemaError,
  Secret,
  secretValue,
  ValidationError,
} from '../src/index.js'
import { stubBackend } from './support/stub-backend.js'

function orderApi() {
  const backend = stubBackend()
  backend.set('/prod/order-api/database/host', 'db.prod.internal')
  backend.set('/prod/order-api/database/port', '5432')
  backend.set('/prod/order-api/database/password', 'pr0d-p@ss', 'SecureString')
  backend.set('/prod/order-api/config/hosts', 'a.example,b.example', 'StringList')
  backend.set('/prod/order-api/config/flags', '{"v2":true,"limit":3}')
  backend.set('/shared/config/log_level', 'info')
  backend.set('/shared/database/port', '6543')
  // Failing calls are retried for a moment only, so failure tests stay quick.
  const config = createConfig({
    backend,
    env: 'prod',
    service: 'order-api',
    fallbacks: ['/shared'],
    retry: { baseDelayMs: 1 },
    timeouts: { readMs: 100 },
  })
  return { backend, config }
}

describe('reading values', () => {
  it('resolves relative and absolute keys, with fallbacks', async () => {
    const { config } = orderApi()
    expect(config.prefix).toBe('/prod/order-api')
    expect(await config.get('database/host')).toBe('db.prod.internal')
    expect(await config.get('config/log_level')).toBe('info')
    expect(await config.get('/shared/database/port')).toBe('6543')
    expect(await config.get('database/port')).toBe('5432')
  })

  it('gives typed views: optional, secret, JSON, list, entry', async () => {
    const { config } = orderApi()
    expect(await config.getOptional('nope')).toBeUndefined()
    const secret = await config.getSecret('database/password')
    expect(secret).toBeInstanceOf(Secret)
    expect(secret.reveal()).toBe('pr0d-p@ss')
    expect(`${secret}`).toBe('[redacted]')
    expect(await config.getJSON<{ v2: boolean }>('config/flags')).toEqual({ v2: true, limit: 3 })
    expect(await config.getList('config/hosts')).toEqual(['a.example', 'b.example'])
    const entry = await config.getEntry('database/password')
    expect(entry).toMatchObject({ type: 'SecureString', version: '1', sensitive: true })
    // A secret's entry holds its value sealed: a Secret, never the plaintext.
    expect(entry.value).toBeInstanceOf(Secret)
    expect(entry.sensitive && entry.value.reveal()).toBe('pr0d-p@ss')
    expect(JSON.stringify(entry)).not.toContain('pr0d-p@ss')
    expect((await config.getEntry('config/flags')).value).toBe('{"v2":true,"limit":3}')
  })

  it('reports bad JSON with the key and rule, never the value', async () => {
    const { config } = orderApi()
    const error = await config.getJSON('database/host').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).rule).toBe('json')
    expect(String((error as Error).message)).not.toContain('db.prod.internal')
  })

  it('says which names it tried when a key is missing, and getOptional passes other errors on', async () => {
    const { backend, config } = orderApi()
    const error = await config.get('missing/key').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NotFoundError)
    expect((error as Error).message).toContain('"/prod/order-api/missing/key", "/shared/missing/key"')
    backend.failWith = new AccessDeniedError('denied', { key: 'x', backend: 'stub' })
    await expect(config.getOptional('other/key')).rejects.toBeInstanceOf(AccessDeniedError)
  })

  it('rejects a bad key with ValidationError before any backend call', async () => {
    const { backend, config } = orderApi()
    await expect(config.get('bad//key')).rejects.toBeInstanceOf(ValidationError)
    await expect(config.get('/x/bell\u0007')).rejects.toThrow(/control-characters/)
    expect(backend.calls.names).toEqual([])
  })

  it('loads several keys with one batched call and names every missing one', async () => {
    const { backend, config } = orderApi()
    expect(await config.getMany(['database/host', 'database/port'])).toEqual({
      'database/host': 'db.prod.internal',
      'database/port': '5432',
    })
    expect(backend.calls.getMany).toBe(1)
    await expect(config.getMany(['database/host', 'nope'])).rejects.toBeInstanceOf(NotFoundError)
  })
})

describe('trees', () => {
  it('builds a nested object, fallbacks underneath, secrets as Secret, lists as arrays', async () => {
    const { backend, config } = orderApi()
    const tree = await config.getTree()
    expect(tree).toMatchObject({
      database: { host: 'db.prod.internal', port: '5432' },
      config: { hosts: ['a.example', 'b.example'], log_level: 'info' },
    })
    expect((tree.database as { password: unknown }).password).toBeInstanceOf(Secret)
    expect(JSON.stringify(tree)).not.toContain('pr0d')
    expect(inspect(tree, { depth: 10 })).not.toContain('pr0d')
    const calls = backend.calls.list + backend.calls.get + backend.calls.getMany
    expect(calls).toBe(2) // one list page per level; every value came with it
    await config.getTree()
    expect(backend.calls.list + backend.calls.get + backend.calls.getMany).toBe(calls)
    expect(await config.getTree('database')).toMatchObject({ host: 'db.prod.internal', port: '5432' })
  })

  it('follows pagination and keeps a value that is also a level under "_"', async () => {
    const backend = stubBackend({}, 3)
    for (let i = 0; i < 10; i++) backend.set(`/p/s/items/i${i}`, `v${i}`)
    backend.set('/p/s/items', 'self')
    const config = createConfig({ backend, env: 'p', service: 's' })
    const tree = await config.getTree()
    expect(Object.keys(tree.items as object)).toHaveLength(11)
    expect((tree.items as Record<string, string>)._).toBe('self')
    expect(backend.calls.list).toBe(4)
  })
})

describe('load with a Standard Schema validator', () => {
  const schema = z.object({
    database: z.object({
      host: z.string(),
      port: z.coerce.number().int(),
      password: z.custom<Secret>(secretValue(z.string().min(4)).check),
    }),
    config: z.object({ log_level: z.enum(['debug', 'info', 'warn']) }),
  })

  it('returns the validated, typed object with secrets handed back as Secret', async () => {
    const { config } = orderApi()
    const loaded = await config.load(schema)
    expect(loaded.database.port).toBe(5432)
    expect(loaded.database.password).toBeInstanceOf(Secret)
    expect((loaded.database.password as unknown as Secret).reveal()).toBe('pr0d-p@ss')
    expect(JSON.stringify(loaded)).not.toContain('pr0d')
  })

  it('uses the schema given to createConfig and reports every failing path without values', async () => {
    const backend = stubBackend()
    backend.set('/prod/api/database/host', 'h')
    backend.set('/prod/api/database/port', 'not-a-port')
    backend.set('/prod/api/database/password', 'abc', 'SecureString')
    backend.set('/prod/api/config/log_level', 'verbose-ish')
    const config = createConfig({ backend, env: 'prod', service: 'api', schema })
    const error = (await config.load().catch((e: unknown) => e)) as SchemaError
    expect(error).toBeInstanceOf(SchemaError)
    expect(error.issues.map((i) => i.path).sort()).toEqual([
      'config.log_level',
      'database.password',
      'database.port',
    ])
    for (const text of [error.message, JSON.stringify(error), inspect(error)]) {
      expect(text).not.toContain('not-a-port')
      expect(text).not.toContain('verbose-ish')
      expect(text).not.toContain('abc')
    }
  })
})

describe('refresh, events and lifecycle', () => {
  it('emits change with versions on refresh and keeps the last good value when refresh fails', async () => {
    const { backend, config } = orderApi()
    const changes: ChangeEvent[] = []
    const errors: string[] = []
    config.on('change', (e) => changes.push(e))
    config.on('error', (e) => errors.push(e.error.name))
    expect(await config.get('database/host')).toBe('db.prod.internal')
    backend.set('/prod/order-api/database/host', 'db2.prod.internal')
    const event = await config.refresh('database/host')
    expect(event).toEqual({ names: ['/prod/order-api/database/host', '/shared/database/host'], failed: 0 })
    expect(changes).toEqual([{ name: '/prod/order-api/database/host', previousVersion: '1', version: '2' }])
    expect(await config.get('database/host')).toBe('db2.prod.internal')

    backend.failWith = new Error('network down')
    const failed = await config.refresh()
    expect(failed.failed).toBeGreaterThan(0)
    // A failure that is not one of paramkit's is reported as the backend being unavailable, with it as `cause`.
    expect(errors).toContain('BackendUnavailableError')
    expect(await config.get('database/host')).toBe('db2.prod.internal')
  })

  it('invalidate makes the next read go to the backend', async () => {
    const { backend, config } = orderApi()
    await config.get('database/host')
    config.invalidate('database/host')
    await config.get('database/host')
    expect(backend.calls.get + backend.calls.getMany).toBe(2)
    config.invalidate()
    expect(config.stats().entries).toBe(0)
  })

  it('refreshes ahead on an unref’d timer that close() stops', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setImmediate'] })
    try {
      const backend = stubBackend({ '/p/s/k': 'v' })
      const config = createConfig({ backend, env: 'p', service: 's', refreshAhead: 1000 })
      const refreshes: number[] = []
      config.on('refresh', (e) => refreshes.push(e.names.length))
      const first = config.get('k')
      await vi.advanceTimersByTimeAsync(0)
      await first
      await vi.advanceTimersByTimeAsync(2500)
      expect(refreshes).toEqual([1, 1])
      await config.close()
      expect(vi.getTimerCount()).toBe(0)
      await expect(config.get('k')).rejects.toMatchObject({ code: 'CLOSED', key: 'k' })
    } finally {
      vi.useRealTimers()
    }
  })

  it('reports stats and closes the backend and key provider', async () => {
    const { backend, config } = orderApi()
    const close = vi.fn(async () => {})
    backend.close = close
    await config.get('database/host')
    await config.get('database/host')
    // The cold read asked the /shared fallback in a spare slot of the same call (one miss, one call),
    // so its "not found" is cached too.
    expect(config.stats()).toMatchObject({ backend: 'stub', hits: 1, misses: 1, backendCalls: 1, entries: 2 })
    await config.close()
    await config.close()
    expect(close).toHaveBeenCalledTimes(1)
    expect(config.stats().keys.live).toBe(0)
  })
})
