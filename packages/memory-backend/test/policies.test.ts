import { createConfig, isParamkitError } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import { describe, expect, it } from 'vitest'

const clockAt = (start: number) => {
  let now = start
  return {
    now: () => now,
    advance(ms: number) {
      now += ms
    },
  }
}

describe('parameter policies in the memory backend', () => {
  it('models Expiration: the entry carries expiresAt and the parameter is deleted at that time', async () => {
    const clock = clockAt(Date.parse('2030-01-01T00:00:00Z'))
    const backend = memoryBackend({ clock })
    await backend.put('/prod/api/token', 't-1', {
      policies: [
        { type: 'Expiration', at: '2030-01-01T01:00:00Z' },
        { type: 'ExpirationNotification', before: 1, unit: 'Hours' },
      ],
    })
    const entry = await backend.get('/prod/api/token')
    expect(entry.expiresAt?.toISOString()).toBe('2030-01-01T01:00:00.000Z')
    // An update without policies keeps them, as in Parameter Store.
    await backend.put('/prod/api/token', 't-2', { overwrite: true })
    clock.advance(3_599_999)
    expect((await backend.get('/prod/api/token')).value).toBe('t-2')
    clock.advance(1)
    const error = await backend.get('/prod/api/token').catch((e: unknown) => e)
    expect(isParamkitError(error) && error.code).toBe('NOT_FOUND')
    expect(backend.snapshot()).not.toHaveProperty(['parameters', '/prod/api/token'])
  })

  it('a config client on a long TTL stops serving the value at its Expiration', async () => {
    const clock = clockAt(Date.parse('2030-01-01T00:00:00Z'))
    const backend = memoryBackend({ clock })
    await backend.put('/prod/api/token', 't-1', {
      policies: [{ type: 'Expiration', at: new Date(clock.now() + 60_000) }],
    })
    const config = createConfig({ backend, env: 'prod', service: 'api', cache: { ttl: 3_600_000, clock } })
    expect(await config.get('token')).toBe('t-1')
    clock.advance(60_000)
    expect(await config.getOptional('token')).toBeUndefined()
    await config.close()
  })

  it('refuses bad policies, and policies on secrets or the Standard tier, before storing anything', async () => {
    const backend = memoryBackend()
    const rule = async (fn: () => Promise<unknown>) => {
      const error = await fn().catch((e: unknown) => e)
      return isParamkitError(error) ? (error as { rule?: string }).rule : 'stored'
    }
    expect(
      await rule(() => backend.put('/p', 'v', { policies: [{ type: 'Expiration', at: 'never' }] })),
    ).toBe('policy-timestamp')
    expect(
      await rule(() =>
        backend.put('/p', 'v', {
          tier: 'Standard',
          policies: [{ type: 'NoChangeNotification', after: 2, unit: 'Days' }],
        }),
      ),
    ).toBe('policies-tier')
    expect(await rule(() => backend.put('/s', 'v', { type: 'Secret', policies: [] }))).toBe(
      'policies-parameter-only',
    )
    expect(backend.stats().calls.put).toBe(1) // only the secret reached the store's checks; nothing was stored
    expect(backend.snapshot()).toEqual(memoryBackend().snapshot())
  })
})
