import 'reflect-metadata'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { NestFactory } from '@nestjs/core'
import { runFailingStart, startServer, stopServer } from '@paramkit/test-support/spawn-server'
import { describe, expect, it } from 'vitest'
import { AppModule } from '../src/app.module.js'

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url))
const secrets = /Pw-|sk_(test|live)_/

describe('order-api on NestJS, offline on the memory backend', () => {
  for (const env of ['dev', 'prod']) {
    it(`serves /health and a redacted /config for ${env}`, async () => {
      const app = await NestFactory.create(AppModule.forEnvironment(env, {}), { logger: false })
      await app.listen(0, '127.0.0.1')
      const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`
      try {
        expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: 'ok', env, backend: 'memory' })
        const text = await (await fetch(`${url}/config`)).text()
        expect(text).not.toMatch(secrets)
        expect(JSON.parse(text)).toMatchObject({
          database: { port: 5432, password: '[redacted]' },
          stripe: { api_key: '[redacted]' },
        })
        expect(await (await fetch(`${url}/orders/feature`)).json()).toEqual({
          v2: env !== 'prod',
          currencies: ['usd', 'eur', 'gbp'],
        })
      } finally {
        await app.close()
      }
    })
  }

  it('the built app starts, prints the redacted configuration and answers', async () => {
    const { url, output, child } = await startServer(main, {
      PORT: '0',
      APP_ENV: 'prod',
      PARAMKIT_BACKEND: '',
    })
    const out = output()
    try {
      expect(out).toContain('order-api (prod) configuration, secrets redacted:')
      expect(out).toContain('password: Secret([redacted])')
      expect(out).not.toMatch(secrets)
      expect(await (await fetch(`${url}/health`)).json()).toEqual({
        status: 'ok',
        env: 'prod',
        backend: 'memory',
      })
    } finally {
      // Exit 0, not death by SIGTERM: npm start would report the latter as `npm error code 143`.
      expect(await stopServer(child, 'SIGTERM')).toEqual({ code: 0, signal: null })
    }
  })

  it('prints an expected start-up failure as one line and exits 1', () => {
    const run = runFailingStart(main, { PARAMKIT_BACKEND: 'redis' })
    expect(run.status).toBe(1)
    expect(run.stderr.trim().split('\n')).toEqual([
      'order-api could not start: ValidationError: Unknown backend "redis" (PARAMKIT_BACKEND); choose one of: memory, ssm, secrets-manager, routed (rule: backend-name)',
    ])
  })
})
