import { once } from 'node:events'
import { type AddressInfo, createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { runFailingStart, startServer, stopServer } from '@paramkit/test-support/spawn-server'
import { describe, expect, it } from 'vitest'
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
      expect(await stopServer(child, 'SIGTERM')).toEqual({ code: 0, signal: null })
    }
  })

  it('says EADDRINUSE in one line and exits 1 when the port is taken', async () => {
    const taken = createServer().listen(0, '127.0.0.1')
    await once(taken, 'listening')
    const { port } = taken.address() as AddressInfo
    try {
      const run = runFailingStart(server, { PORT: String(port), PARAMKIT_BACKEND: '' })
      expect(run.status).toBe(1)
      expect(run.stderr.trim()).toBe(
        `order-api could not listen on 127.0.0.1:${port}: EADDRINUSE (the port is in use; set PORT)`,
      )
    } finally {
      taken.close()
    }
  })

  it('prints an expected start-up failure as one line and exits 1: unknown backend', () => {
    const run = runFailingStart(server, { PARAMKIT_BACKEND: 'redis' })
    expect(run.status).toBe(1)
    expect(run.stderr.trim().split('\n')).toEqual([
      'order-api could not start: ValidationError: Unknown backend "redis" (PARAMKIT_BACKEND); choose one of: memory, ssm, secrets-manager, routed (rule: backend-name)',
    ])
  })

  it('prints an expected start-up failure as one line and exits 1: Parameter Store with no AWS set-up', () => {
    const run = runFailingStart(server, { PARAMKIT_BACKEND: 'ssm', PORT: '0' })
    expect(run.status).toBe(1)
    const lines = run.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^order-api could not start: \w+Error: /)
    expect(run.stdout).not.toContain('listening')
  })

  it('refuses to start on a backend it does not know', async () => {
    await expect(createOrderApi({ env: 'dev', environment: { PARAMKIT_BACKEND: 'redis' } })).rejects.toThrow(
      /Unknown backend "redis"/,
    )
  })
})
