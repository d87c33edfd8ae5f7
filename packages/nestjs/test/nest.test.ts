import 'reflect-metadata'
import type { AddressInfo } from 'node:net'
import { Controller, Get, type INestApplication, Inject, Injectable, Module } from '@nestjs/common'
import { ConfigModule, ConfigService } from '@nestjs/config'
import { NestFactory } from '@nestjs/core'
import {
  type ConfigClient,
  createConfig,
  SchemaError,
  Secret,
  type StandardSchemaV1,
  secretValue,
} from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import {
  InjectConfig,
  type NamespaceType,
  PARAMKIT_CLIENT,
  ParamkitModule,
  paramkitConfigFactory,
  paramkitNamespace,
} from '@paramkit/nestjs'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'

const seed = {
  '/prod/order-api': {
    database: {
      host: 'db.prod',
      port: '5432',
      password: { type: 'SecureString' as const, value: 'N3st-s3cret' },
    },
    config: { log_level: 'info' },
  },
}
const schema = z.object({
  database: z.object({
    host: z.string(),
    port: z.coerce.number(),
    password: z.custom<Secret>(secretValue().check),
  }),
  config: z.object({ log_level: z.enum(['debug', 'info', 'warn']) }),
}) as StandardSchemaV1
const database = paramkitNamespace('database', z.object({ host: z.string(), port: z.coerce.number() }))
const configOptions = () => ({ backend: memoryBackend({ seed }), env: 'prod', service: 'order-api' })

@Controller()
class OrderController {
  constructor(
    @InjectConfig() private readonly config: ConfigClient,
    @Inject(database.KEY) private readonly db: NamespaceType<typeof database>,
  ) {}

  @Get('health')
  health() {
    return { ok: true }
  }

  @Get('config')
  async all() {
    return this.config.load(schema)
  }

  @Get('db')
  dbSlice() {
    return { host: this.db.host, port: this.db.port }
  }

  @Get('leak')
  async leak() {
    throw new Error(`connect failed with ${(await this.config.getSecret('database/password')).reveal()}`)
  }
}

const apps: INestApplication[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close()
})

async function listen(module: unknown): Promise<{ app: INestApplication; url: string }> {
  const app = await NestFactory.create(module as never, { logger: false })
  apps.push(app)
  await app.listen(0, '127.0.0.1')
  return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` }
}

describe('@paramkit/nestjs', () => {
  it('forRoot loads before consumers, injects the client and typed namespaces, and redacts secrets', async () => {
    @Module({
      imports: [
        ParamkitModule.forRoot({ config: configOptions(), schema, isGlobal: true }),
        ParamkitModule.forFeature(database),
      ],
      controllers: [OrderController],
    })
    class AppModule {}
    const { url } = await listen(AppModule)
    expect(await (await fetch(`${url}/health`)).json()).toEqual({ ok: true })
    expect(await (await fetch(`${url}/db`)).json()).toEqual({ host: 'db.prod', port: 5432 })
    const body = await (await fetch(`${url}/config`)).text()
    expect(JSON.parse(body)).toEqual({
      database: { host: 'db.prod', port: 5432, password: '[redacted]' },
      config: { log_level: 'info' },
    })
    const leak = await fetch(`${url}/leak`)
    expect(leak.status).toBe(500)
    expect(await leak.text()).not.toContain('N3st-s3cret')
  })

  it('forRootAsync takes imports, inject and useFactory', async () => {
    const SETTINGS = Symbol('settings')
    @Module({ providers: [{ provide: SETTINGS, useValue: { env: 'prod' } }], exports: [SETTINGS] })
    class SettingsModule {}
    @Module({
      imports: [
        ParamkitModule.forRootAsync({
          imports: [SettingsModule],
          inject: [SETTINGS],
          useFactory: (settings: { env: string }) => ({
            config: { ...configOptions(), env: settings.env },
            schema,
          }),
          isGlobal: true,
        }),
        ParamkitModule.forFeature(database),
      ],
      controllers: [OrderController],
    })
    class AppModule {}
    const { url } = await listen(AppModule)
    expect(await (await fetch(`${url}/db`)).json()).toEqual({ host: 'db.prod', port: 5432 })
  })

  it('a failing start-up stops the app with every problem listed', async () => {
    const broken = { '/prod/order-api': { database: { port: 'x' }, config: { log_level: 'loud' } } }
    @Module({
      imports: [
        ParamkitModule.forRoot({
          config: { backend: memoryBackend({ seed: broken }), env: 'prod', service: 'order-api' },
          schema,
        }),
      ],
    })
    class AppModule {}
    const error = (await NestFactory.create(AppModule, { logger: false, abortOnError: false })
      .then((app) => app.init())
      .catch((e: unknown) => e)) as SchemaError
    expect(error).toBeInstanceOf(SchemaError)
    expect(error.issues.map((i) => i.path).sort()).toEqual([
      'config.log_level',
      'database.host',
      'database.password',
      'database.port',
    ])
    expect(error.message).not.toContain('loud')
  })

  it('closes a client it made on shutdown (timers included), and leaves a passed-in client open', async () => {
    @Module({ imports: [ParamkitModule.forRoot({ config: { ...configOptions(), refreshAhead: 60_000 } })] })
    class OwnedModule {}
    const owned = await NestFactory.createApplicationContext(OwnedModule, { logger: false })
    owned.enableShutdownHooks()
    const client = owned.get<ConfigClient>(PARAMKIT_CLIENT)
    expect(await client.get('database/host')).toBe('db.prod')
    await owned.close()
    await expect(client.get('database/host')).rejects.toMatchObject({ code: 'CLOSED' })

    const mine = createConfig(configOptions())
    @Module({ imports: [ParamkitModule.forRoot({ client: mine })] })
    class BorrowedModule {}
    const borrowed = await NestFactory.createApplicationContext(BorrowedModule, { logger: false })
    await borrowed.close()
    expect(await mine.get('database/host')).toBe('db.prod')
    await mine.close()
  })

  it('exposes change events and refresh through the injected client', async () => {
    const backend = memoryBackend({ seed })
    @Injectable()
    class Watcher {
      changes: string[] = []
      constructor(@InjectConfig() readonly config: ConfigClient) {
        config.on('change', (e) => this.changes.push(e.name))
      }
    }
    @Module({
      imports: [
        ParamkitModule.forRoot({ config: { backend, env: 'prod', service: 'order-api' }, isGlobal: true }),
      ],
      providers: [Watcher],
    })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false })
    const watcher = app.get(Watcher)
    await backend.put('/prod/order-api/database/host', 'db2.prod', { overwrite: true })
    await watcher.config.refresh()
    expect(watcher.changes).toContain('/prod/order-api/database/host')
    expect(await watcher.config.get('database/host')).toBe('db2.prod')
    await app.close()
  })

  it('feeds @nestjs/config, secrets as Secret, never into process.env', async () => {
    const before = JSON.stringify(process.env)
    @Module({
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          load: [paramkitConfigFactory({ config: configOptions() }, schema)],
        }),
      ],
    })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false })
    const service = app.get(ConfigService)
    expect(service.get('database.host')).toBe('db.prod')
    expect(service.get('database.port')).toBe(5432)
    const password = service.get<Secret>('database.password')
    expect(password).toBeInstanceOf(Secret)
    expect(password?.reveal()).toBe('N3st-s3cret')
    expect(JSON.stringify(process.env)).toBe(before)
    expect(JSON.stringify(process.env)).not.toContain('N3st-s3cret')
    await app.close()
  })
})
