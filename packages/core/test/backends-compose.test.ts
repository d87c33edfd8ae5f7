import { describe, expect, it, vi } from 'vitest'
import { createConfig, routeBackends, selectBackend, ValidationError } from '../src/index.js'
import { stubBackend } from './support/stub-backend.js'

describe('selectBackend', () => {
  it('calls only the factory PARAMKIT_BACKEND names', async () => {
    const memory = vi.fn(() => stubBackend())
    const ssm = vi.fn(async () => stubBackend())
    const backend = await selectBackend({ backends: { memory, ssm }, env: { PARAMKIT_BACKEND: 'ssm' } })
    expect(backend.name).toBe('stub')
    expect(ssm).toHaveBeenCalledTimes(1)
    expect(memory).not.toHaveBeenCalled()
  })

  it('prefers an explicit choice, then the env, then the fallback (memory)', async () => {
    const pick = (name: string) => () => ({ ...stubBackend(), name })
    const backends = { memory: pick('memory'), ssm: pick('ssm'), 'secrets-manager': pick('sm') }
    expect((await selectBackend({ backends, env: {} })).name).toBe('memory')
    expect((await selectBackend({ backends, env: {}, fallback: 'ssm' })).name).toBe('ssm')
    expect(
      (await selectBackend({ backends, env: { PARAMKIT_BACKEND: 'secrets-manager' }, use: 'ssm' })).name,
    ).toBe('ssm')
  })

  it('names the choices when the backend is unknown', async () => {
    const error = await selectBackend({
      backends: { memory: () => stubBackend() },
      env: { PARAMKIT_BACKEND: 'redis' },
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as Error).message).toMatch(/Unknown backend "redis".*memory.*rule: backend-name/)
  })
})

describe('routeBackends', () => {
  function setup() {
    const secrets = {
      ...stubBackend({ '/prod/api/database/password': 'pw', '/prod/api/stripe/api_key': 'sk' }),
      name: 'sm',
    }
    const ssm = {
      ...stubBackend({
        '/prod/api/database/host': 'h',
        '/prod/api/database/password': 'shadowed',
        '/prod/api/x': '1',
      }),
      name: 'ssm',
    }
    const router = routeBackends([
      { prefix: '/prod/api/database/password', backend: secrets },
      { match: (name) => name.endsWith('/api_key'), backend: secrets },
      { backend: ssm },
    ])
    return { secrets, ssm, router }
  }

  it('sends each name to the backend that owns it, batched per backend', async () => {
    const { secrets, ssm, router } = setup()
    const config = createConfig({ backend: router, env: 'prod', service: 'api' })
    const [password, key, plain] = await Promise.all([
      config.getSecret('database/password'),
      config.getSecret('stripe/api_key'),
      config.getMany(['database/host', 'x']),
    ])
    expect([password.reveal(), key.reveal(), plain]).toEqual(['pw', 'sk', { 'database/host': 'h', x: '1' }])
    expect(secrets.calls.getMany).toBe(1)
    expect(ssm.calls.getMany).toBe(1)
    expect(router.name).toBe('router(sm,ssm)')
    expect(router.capabilities.batchSize).toBe(10)
  })

  it('merges lists, each name reported once by its owner', async () => {
    const { router } = setup()
    const config = createConfig({ backend: router, env: 'prod', service: 'api' })
    const tree = await config.getTree()
    expect(tree).toMatchObject({ database: { host: 'h' }, x: '1' })
    const database = tree.database as Record<string, { reveal(): string }>
    expect(database.password?.reveal()).toBe('pw')
  })

  it('routes writes, refuses them for a read-only owner, and closes every backend', async () => {
    const { secrets, ssm } = setup()
    const put = vi.fn(async () => ({ version: '2' }))
    const writable = { ...ssm, put, delete: vi.fn(async () => {}) }
    const router = routeBackends([
      { prefix: '/prod/api/database/password', backend: secrets },
      { backend: writable },
    ])
    await router.put!('/prod/api/x', 'y')
    expect(put).toHaveBeenCalledWith('/prod/api/x', 'y', undefined)
    await expect(router.put!('/prod/api/database/password', 'z')).rejects.toThrow(/rule: read-only/)
    const closeA = vi.fn(async () => {})
    secrets.close = closeA
    await routeBackends([{ backend: secrets }]).close!()
    expect(closeA).toHaveBeenCalled()
    expect(() => routeBackends([])).toThrow(/no-routes/)
    const partial = routeBackends([{ prefix: '/only', backend: ssm }])
    await expect(partial.get('/elsewhere')).rejects.toThrow(/unrouted-name/)
  })
})
