import { fileURLToPath } from 'node:url'
import { createConfig, Secret } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import { ssmBackend } from '@paramkit/ssm-backend'
import { beforeAll, describe, expect, it } from 'vitest'
import { countingClient } from './support/moto-ssm.js'

const fixture = fileURLToPath(new URL('../../../examples/fixtures/order-api.json', import.meta.url))

describe('the order-api fixture on moto', () => {
  let pushed = 0
  beforeAll(async () => {
    const source = await memoryBackend.fromFile(fixture)
    const target = ssmBackend({ client: countingClient().client })
    for await (const page of source.list('/')) {
      for (const entry of page.entries) {
        await target.put(entry.name, entry.value as string, { type: entry.type })
        pushed++
      }
    }
  })

  for (const env of ['dev', 'staging', 'prod'] as const) {
    it(`loads ${env} through the core client with fallbacks, in the fewest calls`, async () => {
      const { client, calls } = countingClient()
      const config = createConfig({
        backend: ssmBackend({ client }),
        env,
        service: 'order-api',
        fallbacks: ['/{env}/shared', '/shared'],
      })
      const tree = await config.load()
      expect(tree).toMatchObject({
        database: { port: '5432' },
        config: { region: 'us-east-1', allowed_currencies: ['usd', 'eur', 'gbp'] },
        http: { timeout_ms: env === 'prod' ? '3000' : '5000' },
      })
      expect((tree.database as Record<string, unknown>).password).toBeInstanceOf(Secret)
      expect((tree.stripe as Record<string, Secret>).api_key?.reveal()).toMatch(/^sk_(test|live)_/)
      // One GetParametersByPath page per level (8 entries fit a page of 10), nothing else.
      expect(calls).toEqual({ GetParametersByPathCommand: 3 })
      expect(await config.get('database/host')).toContain(env === 'dev' ? 'localhost' : `${env}.internal`)
      expect(calls).toEqual({ GetParametersByPathCommand: 3 })
      await config.close()
    })
  }

  it('pushed every fixture entry', () => {
    expect(pushed).toBe(3 * 8 + 5)
  })
})
