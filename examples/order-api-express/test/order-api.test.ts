import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { startServer } from '../../../scripts/spawn-server.js'
// @ts-expect-error -- the example is plain JavaScript
import { createOrderApi } from '../app.mjs'

const server = fileURLToPath(new URL('../server.mjs', import.meta.url))
const secrets = /Pw-|sk_(test|live)_/

describe('order-api on Express, offline on the memory backend', () => {
  for (const env of ['dev', 'staging', 'prod']) {
    it(`serves /health and a redacted /config for ${env}`, async () => {
      const { app, config } = await createOrderApi({ env, environment: {} })
      const listener = app.listen(0)
      await new Promise((resolve) => listener.once('listening', resolve))
      const url = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`
      try {
        expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: 'ok', env, backend: 'memory' })
        const text = await (await fetch(`${url}/config`)).text()
        expect(text).not.toMatch(secrets)
        const body = JSON.parse(text)
        expect(body.database).toMatchObject({
          port: 5432,
          password: '[redacted]',
          connection_string: '[redacted]',
        })
        expect(body.stripe).toEqual({ api_key: '[redacted]' })
        expect(body.http.timeout_ms).toBe(env === 'prod' ? 3000 : 5000)
        expect(await (await fetch(`${url}/orders/feature`)).json()).toEqual({
          v2: env !== 'prod',
          currencies: ['usd', 'eur', 'gbp'],
        })
      } finally {
        listener.close()
        await config.close()
      }
    })
  }

  it('the start command prints the redacted configuration, listens, and answers', async () => {
    const { url, output, child } = await startServer(server, {
      PORT: '0',
      APP_ENV: 'staging',
      PARAMKIT_BACKEND: '',
    })
    const out = output()
    try {
      expect(out).toContain('order-api (staging) configuration from the memory backend, secrets redacted:')
      expect(out).toContain("host: 'orders-db.staging.internal'")
      expect(out).toContain('password: Secret([redacted])')
      expect(out).not.toMatch(secrets)
      expect((await fetch(`${url}/health`)).status).toBe(200)
      expect(await (await fetch(`${url}/config`)).text()).not.toMatch(secrets)
    } finally {
      child.kill('SIGTERM')
    }
  })

  it('refuses to start on a backend it does not know', async () => {
    await expect(createOrderApi({ env: 'dev', environment: { PARAMKIT_BACKEND: 'redis' } })).rejects.toThrow(
      /Unknown backend "redis"/,
    )
  })
})
