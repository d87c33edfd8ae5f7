import { createConfig, NotFoundError } from '@paramkit/core'
import { ssmBackend } from '@paramkit/ssm-backend'
import { describe, expect, it } from 'vitest'
import { countingClient } from './support/moto-ssm.js'

async function seed(count: number, base: string) {
  const { client } = countingClient()
  const backend = ssmBackend({ client })
  for (let i = 0; i < count; i++) await backend.put(`${base}/k${String(i).padStart(3, '0')}`, `v${i}`)
}

describe('calls are minimal (counted with SDK middleware)', () => {
  for (const n of [1, 10, 25, 100]) {
    it(`loading ${n} named parameters makes ceil(${n}/10) GetParameters calls`, async () => {
      await seed(n, `/calls/named${n}`)
      const { client, calls, total } = countingClient()
      const config = createConfig({ backend: ssmBackend({ client }), env: 'calls', service: `named${n}` })
      const keys = Array.from({ length: n }, (_, i) => `k${String(i).padStart(3, '0')}`)
      const values = await config.getMany(keys)
      expect(Object.keys(values)).toHaveLength(n)
      if (n === 1) expect(calls).toEqual({ GetParameterCommand: 1 })
      else expect(calls).toEqual({ GetParametersCommand: Math.ceil(n / 10) })
      await config.getMany(keys)
      expect(total()).toBe(n === 1 ? 1 : Math.ceil(n / 10))
      await config.close()
    })
  }

  it('loading a tree of 23 makes the 3 GetParametersByPath pages it needs and nothing else', async () => {
    await seed(23, '/calls/tree')
    const { client, calls } = countingClient()
    const config = createConfig({ backend: ssmBackend({ client }), env: 'calls', service: 'tree' })
    const tree = await config.load()
    expect(Object.keys(tree)).toHaveLength(23)
    expect(calls).toEqual({ GetParametersByPathCommand: 3 })
    expect(await config.get('k007')).toBe('v7')
    expect(calls).toEqual({ GetParametersByPathCommand: 3 })
    await config.close()
  })

  it('a cold get found at the second fallback asks all three levels in one GetParameters call', async () => {
    const { client: seeder } = countingClient()
    await ssmBackend({ client: seeder }).put('/shared/fallback/timeout', '30')
    const { client, calls } = countingClient()
    const config = createConfig({
      backend: ssmBackend({ client }),
      env: 'calls',
      service: 'fallback-api',
      fallbacks: ['/{env}/shared', '/shared'],
    })
    expect(await config.get('fallback/timeout')).toBe('30')
    expect(calls).toEqual({ GetParametersCommand: 1 })
    expect(config.stats().backendCalls).toBe(1)
    await config.close()
  })

  it('a cached listing that proves a name absent saves the call', async () => {
    await seed(3, '/calls/listed/app')
    const { client, calls, total } = countingClient()
    const config = createConfig({
      backend: ssmBackend({ client }),
      env: 'calls',
      service: 'listed',
      fallbacks: ['/calls/shared-listed'],
    })
    await config.load()
    const listed = total()
    await expect(config.get('app/k999')).rejects.toBeInstanceOf(NotFoundError)
    await expect(config.get('nowhere/at/all')).rejects.toBeInstanceOf(NotFoundError)
    expect(total()).toBe(listed)
    expect(calls.GetParametersCommand ?? 0).toBe(0)
    await config.close()
  })
})
