import 'reflect-metadata'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { NestFactory } from '@nestjs/core'
import { describe, expect, it } from 'vitest'
import { startServer } from '../../../scripts/spawn-server.js'
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
      child.kill('SIGTERM')
    }
  })
})
