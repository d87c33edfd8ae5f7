import 'reflect-metadata'
import type { AddressInfo } from 'node:net'
import type { DynamicModule, INestApplication } from '@nestjs/common'
import { ConfigModule, ConfigService, type ConfigType } from '@nestjs/config'
import { NestFactory } from '@nestjs/core'
import { createConfig, NotFoundError, Secret } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import { ParamkitModule } from '@paramkit/nestjs'
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest'
import { databaseConfig, docsApp, type EnvironmentVariables } from './support/docs-app.js'

const apps: INestApplication[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close()
})

const values = {
  PORT: '3000',
  API_URL: 'https://api.example.com',
  database: { host: 'db.prod', port: '5433' },
}

function paramkitModule() {
  const backend = memoryBackend({
    seed: {
      '/prod/order-api': {
        ...values,
        database: { ...values.database, password: { type: 'SecureString' as const, value: 'N3st-pw' } },
      },
    },
  })
  const client = createConfig({ backend, env: 'prod', service: 'order-api' })
  const module = ParamkitModule.forRoot({ client, configService: true, load: [databaseConfig] })
  return { backend, client, module }
}

async function start(module: DynamicModule | Promise<DynamicModule>) {
  const app = await NestFactory.create(docsApp(module), { logger: false })
  apps.push(app)
  await app.listen(0, '127.0.0.1')
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`
  return { app, url, json: async (path: string) => (await fetch(`${url}${path}`)).json() }
}

const expected = {
  port: '3000',
  dbHost: 'db.prod',
  dbPort: 5433,
  apiUrl: 'https://api.example.com',
  timeout: '5000',
  connection: 'db.prod:5433',
}

describe('the docs-style @nestjs/config app runs unchanged on both modules', () => {
  it('on ConfigModule.forRoot (the values from the environment)', async () => {
    const env = { ...process.env }
    Object.assign(process.env, {
      PORT: values.PORT,
      API_URL: values.API_URL,
      DATABASE_HOST: values.database.host,
      DATABASE_PORT: values.database.port,
    })
    try {
      const module = ConfigModule.forRoot({ load: [databaseConfig], ignoreEnvFile: true })
      const { json } = await start(module)
      expect(await json('/settings')).toEqual(expected)
      expect(await json('/required')).toMatchObject({ statusCode: 500 })
    } finally {
      process.env = env
    }
  })

  it('on ParamkitModule.forRoot({ configService: true }) (the values from the backend, never process.env)', async () => {
    const { module } = paramkitModule()
    const { json, app } = await start(module)
    expect(await json('/settings')).toEqual(expected)
    expect(await json('/required')).toMatchObject({ statusCode: 500 })
    expect(process.env.DATABASE_HOST).toBeUndefined()
    const service = app.get(ConfigService)
    expect(() => service.getOrThrow('MISSING_KEY')).toThrow(/Configuration key "MISSING_KEY" does not exist/)
    const error = (() => {
      try {
        service.getOrThrow('MISSING_KEY')
      } catch (e) {
        return e
      }
    })()
    expect(NotFoundError.is(error)).toBe(true)
    expect(error).toMatchObject({ code: 'NOT_FOUND', key: 'MISSING_KEY' })
  })
})

describe('the live ConfigService', () => {
  it('a changed parameter reaches the running app (refresh and change event), with no restart', async () => {
    const { module, backend, client } = paramkitModule()
    const { json, app } = await start(module)
    expect(await json('/settings')).toMatchObject({ dbHost: 'db.prod', dbPort: 5433 })
    await backend.put('/prod/order-api/database/host', 'db2.prod', { overwrite: true })
    await backend.put('/prod/order-api/database/port', '6543', { overwrite: true })
    await client.refresh()
    expect(await json('/settings')).toMatchObject({
      dbHost: 'db2.prod',
      dbPort: 6543,
      connection: 'db2.prod:6543',
    })
    const { changeFeedOf } = await import('@paramkit/core/backend')
    await backend.put('/prod/order-api/API_URL', 'https://v2.example.com', { overwrite: true })
    await changeFeedOf(client)!.apply({ name: '/prod/order-api/API_URL', kind: 'updated' })
    expect(await json('/settings')).toMatchObject({ apiUrl: 'https://v2.example.com' })
    expect(app.get(ConfigService).get('API_URL')).toBe('https://v2.example.com')
    await client.close()
  })

  it('secrets come back as Secrets, never plaintext; get of a missing path is undefined; a level is a live object', async () => {
    const { module, client } = paramkitModule()
    const { app } = await start(module)
    const service = app.get(ConfigService)
    const password = service.get('database.password')
    expect(Secret.is(password)).toBe(true)
    expect(String(password)).toBe('[redacted]')
    expect((password as Secret).reveal()).toBe('N3st-pw')
    expect(service.get('no.such.path')).toBeUndefined()
    expect(service.get('no.such.path', 'fallback')).toBe('fallback')
    expect(service.get('not a name')).toBeUndefined()
    const level = service.get('database') as Record<string, unknown>
    expect(level.host).toBe('db.prod')
    expect(JSON.stringify(service.get('database'))).not.toContain('N3st-pw')
    const ns = app.get<ConfigType<typeof databaseConfig>>(databaseConfig.KEY)
    expect(ns).toEqual({ host: 'db.prod', port: 5433 })
    await client.close()
  })

  it('forRootAsync takes configService and load too (extras, known before the factory runs)', async () => {
    const backend = memoryBackend({ seed: { '/prod/order-api/database/host': 'db-async.prod' } })
    const module = ParamkitModule.forRootAsync({
      useFactory: () => ({ config: { backend, env: 'prod', service: 'order-api' } }),
      configService: true,
      load: [databaseConfig],
    })
    const app = await NestFactory.createApplicationContext(docsApp(module), { logger: false })
    apps.push(app as unknown as INestApplication)
    expect(app.get(ConfigService).get('database.host')).toBe('db-async.prod')
    expect(app.get<ConfigType<typeof databaseConfig>>(databaseConfig.KEY)).toEqual({
      host: 'db-async.prod',
      port: 5432, // the factory's own value: paramkit holds no database/port
    })
  })

  it('is typed by @nestjs/config: ConfigService<Env, true> infers paths', () => {
    type Service = ConfigService<EnvironmentVariables, true>
    expectTypeOf<ReturnType<Service['getOrThrow']>>().not.toBeNever()
    const typed = (s: Service) => s.get('database.port', { infer: true })
    expectTypeOf(typed).returns.toEqualTypeOf<number>()
    const port = (s: Service) => s.get('PORT', { infer: true })
    expectTypeOf(port).returns.toEqualTypeOf<string>()
  })
})
