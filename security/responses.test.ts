import 'reflect-metadata'
import type { AddressInfo } from 'node:net'
import { Controller, Get, type INestApplication, Module } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { type ConfigClient, createConfig, SchemaError } from '@paramkit/core'
import { paramkit, paramkitErrorHandler } from '@paramkit/express'
import { memoryBackend } from '@paramkit/memory-backend'
import { InjectConfig, ParamkitModule } from '@paramkit/nestjs'
import express from 'express'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

const secretValue = fc.stringMatching(/^[A-Za-z0-9]{8,24}$/).map((s) => `pk§${s}`)
const seedWith = (password: string) => ({
  '/prod/api/db/password': { type: 'SecureString' as const, value: password },
})

/** Ways an app's error can carry a secret: its message, its cause, a paramkit error on the way. */
async function failures(config: ConfigClient): Promise<unknown[]> {
  const password = (await config.getSecret('db/password')).reveal()
  return [
    new Error(`connect failed: password=${password}`),
    new Error('wrapper', { cause: new Error(`inner ${password}`) }),
    Object.assign(new Error('x'), { detail: password, password }),
    new SchemaError(`schema failed at db.password`, {
      issues: [{ path: 'db.password', message: 'too short' }],
    }),
    await config.get('db/missing').catch((e: unknown) => e),
  ]
}

describe('error responses never show a secret', () => {
  it('Express with paramkitErrorHandler', async () => {
    await fc.assert(
      fc.asyncProperty(secretValue, async (password) => {
        const config = createConfig({
          backend: memoryBackend({ seed: seedWith(password) }),
          env: 'prod',
          service: 'api',
        })
        const errors = await failures(config)
        const app = express()
        app.use(paramkit(config))
        errors.forEach((error, i) => {
          app.get(`/fail/${i}`, (_req, _res, next) => next(error))
        })
        app.use(paramkitErrorHandler())
        const server = app.listen(0)
        await new Promise((r) => server.once('listening', r))
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
        try {
          for (let i = 0; i < errors.length; i++) {
            const response = await fetch(`${url}/fail/${i}`)
            expect(response.status).toBeGreaterThanOrEqual(500)
            expect(`${JSON.stringify([...response.headers])}${await response.text()}`).not.toContain(password)
          }
        } finally {
          server.close()
          await config.close()
        }
      }),
      { numRuns: 8 },
    )
  })

  it('NestJS with its default exception filter, paramkit errors included', async () => {
    await fc.assert(
      fc.asyncProperty(secretValue, async (password) => {
        const config = createConfig({
          backend: memoryBackend({ seed: seedWith(password) }),
          env: 'prod',
          service: 'api',
        })
        const errors = await failures(config)
        @Controller()
        class FailingController {
          constructor(@InjectConfig() readonly client: ConfigClient) {}
          @Get('fail/0') f0() {
            throw errors[0]
          }
          @Get('fail/1') f1() {
            throw errors[1]
          }
          @Get('fail/2') f2() {
            throw errors[2]
          }
          @Get('fail/3') f3() {
            throw errors[3]
          }
          @Get('fail/4') f4() {
            throw errors[4]
          }
          @Get('secret') async secret() {
            return { password: await this.client.getSecret('db/password') }
          }
        }
        @Module({
          imports: [ParamkitModule.forRoot({ client: config, isGlobal: true })],
          controllers: [FailingController],
        })
        class AppModule {}
        const app: INestApplication = await NestFactory.create(AppModule, { logger: false })
        await app.listen(0, '127.0.0.1')
        const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`
        try {
          for (let i = 0; i < errors.length; i++) {
            const response = await fetch(`${url}/fail/${i}`)
            expect(response.status).toBeGreaterThanOrEqual(500)
            expect(await response.text()).not.toContain(password)
          }
          expect(await (await fetch(`${url}/secret`)).json()).toEqual({ password: '[redacted]' })
        } finally {
          await app.close()
          await config.close()
        }
      }),
      { numRuns: 5 },
    )
  })
})
