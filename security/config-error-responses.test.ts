// Finding 1 of #25 on the user's path: the order-api examples (Express and NestJS) answer a configuration
// error with a code and a generic sentence; the detail goes to the log, with no window of the secret.
import 'reflect-metadata'
import type { AddressInfo } from 'node:net'
import { SSMClient } from '@aws-sdk/client-ssm'
import type { LoggerService } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import type { ConfigClient } from '@paramkit/core'
import { PARAMKIT_CLIENT } from '@paramkit/nestjs'
import { ssmBackend } from '@paramkit/ssm-backend'
import { motoClientConfig } from '@paramkit/test-support/moto/clients'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
// @ts-expect-error -- the example is plain JavaScript
import { createOrderApi } from '../examples/order-api-express/app.mjs'
// @ts-expect-error -- the built NestJS example (npm run build)
import { AppModule } from '../examples/order-api-nestjs/dist/app.module.js'
import { prodOnMoto, seedMoto } from './support/example-apps.js'
import { windowsIn } from './support/windows.js'

const KEY = '/prod/order-api/stripe/api_key'
/** Fails the example schema (not `sk_…`), with what escaping and parsing messages would quote. */
const badKey = 'PK_"LIVE"\\QZ8-TR4!VK\tKEY/+%'

async function putKey(value: string): Promise<void> {
  const ssm = ssmBackend({ client: new SSMClient(motoClientConfig()) })
  await ssm.put!(KEY, value, { type: 'SecureString', overwrite: true })
  await ssm.close?.()
}

const saved: Record<string, string | undefined> = {}
beforeAll(async () => {
  await seedMoto()
  const { PORT: _port, ...env } = prodOnMoto()
  for (const [name, value] of Object.entries(env)) {
    saved[name] = process.env[name]
    process.env[name] = value
  }
  return () => {
    for (const [name, value] of Object.entries(saved))
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
  }
})
afterEach(() => vi.restoreAllMocks())

/** The body of GET /config once the secret fails the schema, and what was logged meanwhile. */
async function failingConfig(url: string, client: ConfigClient, logged: () => string) {
  await putKey(badKey)
  client.invalidate()
  const response = await fetch(`${url}/config`)
  const text = await response.text()
  return { status: response.status, body: JSON.parse(text) as Record<string, unknown>, text, log: logged() }
}

function expectNoLeak(result: { text: string; log: string }) {
  expect(windowsIn(result.text, badKey)).toEqual([])
  expect(windowsIn(result.log, badKey)).toEqual([])
  // The detail is in the log: the path and the rule.
  expect(result.log).toMatch(/SchemaError \(SCHEMA\).*stripe\.api_key.*secret-value/)
  // No schema detail in the body: neither the path nor a validator's text.
  expect(result.text).not.toMatch(/stripe|api_key|must be|secret-value/)
}

describe('the example apps answer a configuration error with its code, the detail only in the log', () => {
  it('Express (examples/order-api-express, paramkitErrorHandler)', async () => {
    const lines: string[] = []
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '))
    })
    const { app, config } = await createOrderApi({ env: 'prod', environment: { PARAMKIT_BACKEND: 'ssm' } })
    const server = app.listen(0)
    await new Promise((r) => server.once('listening', r))
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const result = await failingConfig(url, config, () => lines.join('\n'))
      expect(result.status).toBe(500)
      expect(result.body).toEqual({
        error: 'SCHEMA',
        message: 'Configuration error; the details are in the server log',
      })
      expectNoLeak(result)
    } finally {
      server.close()
      await config.close()
      await putKey('sk_live_restored')
    }
  })

  it('NestJS (examples/order-api-nestjs, ParamkitExceptionFilter)', async () => {
    const lines: string[] = []
    const record = (...args: unknown[]) => {
      lines.push(args.map(String).join(' '))
    }
    const logger: LoggerService = { log: record, error: record, warn: record, debug: record, verbose: record }
    const app = await NestFactory.create(AppModule.forEnvironment('prod', { PARAMKIT_BACKEND: 'ssm' }), {
      logger,
    })
    await app.listen(0, '127.0.0.1')
    try {
      const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`
      const result = await failingConfig(url, app.get(PARAMKIT_CLIENT), () => lines.join('\n'))
      expect(result.status).toBe(500)
      expect(result.body).toEqual({
        statusCode: 500,
        error: 'SCHEMA',
        message: 'Configuration error; the details are in the server log',
      })
      expectNoLeak(result)
    } finally {
      await app.close()
      await putKey('sk_live_restored')
    }
  })
})
