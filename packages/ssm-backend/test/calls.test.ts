import { createConfig } from '@paramkit/core'
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
})
