import { fileURLToPath } from 'node:url'
import { createConfig, Secret } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import { describe, expect, it } from 'vitest'

const fixture = fileURLToPath(new URL('../../../examples/fixtures/order-api.json', import.meta.url))

describe('the order-api fixture through the core client', () => {
  for (const env of ['dev', 'staging', 'prod'] as const) {
    it(`resolves ${env}, falling back to /${env}/shared then /shared`, async () => {
      const backend = await memoryBackend.fromFile(fixture)
      const config = createConfig({
        backend,
        env,
        service: 'order-api',
        fallbacks: ['/{env}/shared', '/shared'],
      })
      expect(await config.get('database/port')).toBe('5432')
      expect(await config.get('config/region')).toBe('us-east-1')
      expect(await config.getList('config/allowed_currencies')).toEqual(['usd', 'eur', 'gbp'])
      expect(await config.get('http/timeout_ms')).toBe(env === 'prod' ? '3000' : '5000')
      const password = await config.getSecret('database/password')
      expect(password.reveal()).toMatch(
        new RegExp(`^${{ dev: 'dev', staging: 'stg', prod: 'prd' }[env]}-Pw-`),
      )
      const tree = await config.load()
      expect(tree).toMatchObject({
        database: { port: '5432', username: expect.any(String) },
        config: { log_level: { dev: 'debug', staging: 'info', prod: 'warn' }[env], region: 'us-east-1' },
      })
      const database = tree.database as Record<string, unknown>
      expect(database.password).toBeInstanceOf(Secret)
      expect(database.connection_string).toBeInstanceOf(Secret)
      expect(JSON.stringify(tree)).not.toMatch(/Pw-|sk_(test|live)/)
      await config.close()
    })
  }
})
