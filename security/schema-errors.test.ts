import 'reflect-metadata'
import type { AddressInfo } from 'node:net'
import { inspect } from 'node:util'
import { Controller, Get, Inject, type LoggerService, Module } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { type ConfigClient, createConfig, Secret, type StandardSchemaV1 } from '@paramkit/core'
import { loadBeforeListen, paramkit, paramkitErrorHandler } from '@paramkit/express'
import { memoryBackend } from '@paramkit/memory-backend'
import { PARAMKIT_CLIENT, ParamkitModule } from '@paramkit/nestjs'
import { escapeRichSecret, leaksIn, quotings } from '@paramkit/test-support/leak-forms'
import express from 'express'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

/** A validator that opens the secret and quotes it in every form, as careless validators do. */
const quotingSchema: StandardSchemaV1 = {
  '~standard': {
    version: 1,
    vendor: 'quoting',
    validate: (tree) => {
      const value = (tree as { db: { password: unknown } }).db.password
      const password = Secret.is(value) ? String(value.reveal()) : String(value)
      return { issues: quotings(password).map((message) => ({ message, path: ['db', 'password'] })) }
    },
  },
}

const configFor = (password: string) =>
  createConfig({
    backend: memoryBackend({ seed: { '/prod/api/db/password': { type: 'SecureString', value: password } } }),
    env: 'prod',
    service: 'api',
  })

/** A Nest logger that keeps every line it is given, as a log shipper would. */
function capturingLogger(lines: string[]): LoggerService {
  const keep = (...args: unknown[]) => {
    lines.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 10 }))).join(' '))
  }
  return { log: keep, error: keep, warn: keep, debug: keep, verbose: keep, fatal: keep }
}

const renderings = (error: unknown) =>
  [
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
  ].join('\n')

describe('a failing schema shows no secret in any form, through the adapters', () => {
  it('Express: loadBeforeListen, the error handler 500 body and its log', async () => {
    await fc.assert(
      fc.asyncProperty(escapeRichSecret, async (password) => {
        const config = configFor(password)
        const startup = await loadBeforeListen(config, { schema: quotingSchema }).catch((e: unknown) => e)
        const logged: string[] = []
        const app = express()
        app.use(paramkit(config, { schema: quotingSchema }))
        app.get('/config', async (req, res, next) => {
          try {
            res.json(await req.config.load())
          } catch (error) {
            next(error)
          }
        })
        app.use(paramkitErrorHandler({ log: (error) => logged.push(renderings(error)) }))
        const server = app.listen(0)
        await new Promise((r) => server.once('listening', r))
        try {
          const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/config`)
          expect(response.status).toBe(500)
          const body = await response.text()
          expect(JSON.parse(body).error).toBe('SCHEMA')
          expect(logged).toHaveLength(1)
          expect(leaksIn([renderings(startup), body, ...logged].join('\n'), password)).toEqual([])
        } finally {
          server.close()
          await config.close()
        }
      }),
      { numRuns: 15 },
    )
  })

  it('NestJS: the start-up error and its log, a request error log and its response', async () => {
    await fc.assert(
      fc.asyncProperty(escapeRichSecret, async (password) => {
        const lines: string[] = []
        const failing = configFor(password)
        @Module({ imports: [ParamkitModule.forRoot({ client: failing, schema: quotingSchema })] })
        class FailingModule {}
        const startup = await NestFactory.create(FailingModule, {
          logger: capturingLogger(lines),
          abortOnError: false,
        }).catch((e: unknown) => e)
        expect(renderings(startup)).toMatch(/SchemaError/)

        const config = configFor(password)
        @Controller()
        class ConfigController {
          constructor(@Inject(PARAMKIT_CLIENT) private readonly client: ConfigClient) {}
          @Get('config') load() {
            return this.client.load(quotingSchema)
          }
        }
        @Module({ imports: [ParamkitModule.forRoot({ client: config })], controllers: [ConfigController] })
        class AppModule {}
        const app = await NestFactory.create(AppModule, { logger: capturingLogger(lines) })
        await app.listen(0, '127.0.0.1')
        try {
          const response = await fetch(
            `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/config`,
          )
          expect(response.status).toBe(500)
          const body = await response.text()
          expect(lines.join('\n')).toMatch(/SchemaError/)
          expect(leaksIn([renderings(startup), body, ...lines].join('\n'), password)).toEqual([])
        } finally {
          await app.close()
          await config.close()
          await failing.close()
        }
      }),
      { numRuns: 8 },
    )
  })
})
