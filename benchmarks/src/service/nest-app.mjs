// The service suite's Nest route: one controller reading the same 5 keys per request through
// `ConfigService.get` (dotted paths, 1 secret), on @nestjs/config's ConfigService (values loaded once into
// its store, the secret in clear) or on paramkit's live ConfigService (`configService: true`: every get reads
// the cache, the secret a `Secret` revealed per request). The controller's code is the same for both.
import 'reflect-metadata'
import { Controller, Get, Inject, Module } from '@nestjs/common'
import { ConfigModule, ConfigService } from '@nestjs/config'
import { NestFactory } from '@nestjs/core'
import { createConfig } from '@paramkit/core'
import { ParamkitModule } from '@paramkit/nestjs'
import { ssmBackend } from '@paramkit/ssm-backend'
import { fakeSsm, fixedStore } from '../fake-aws.mjs'

const PREFIX = '/prod/order-api'
const VALUES = {
  [`${PREFIX}/database/host`]: 'orders.cluster-abc123.eu-west-1.rds.amazonaws.com',
  [`${PREFIX}/database/port`]: '5432',
  [`${PREFIX}/http/timeout_ms`]: '3000',
  [`${PREFIX}/config/region`]: 'eu-west-1',
  [`${PREFIX}/database/password`]: 'pr0d-Pw-7f3a9c1e5b2d4a6f8e0c',
}
const TYPES = { [`${PREFIX}/database/password`]: 'SecureString' }

export const NEST_CONFIG = 'Nest: @nestjs/config ConfigService'
export const NEST_PARAMKIT = 'Nest: paramkit live ConfigService'

class OrderController {
  constructor(config) {
    this.config = config
  }

  order() {
    const c = this.config
    const password = c.get('database.password')
    return {
      host: c.get('database.host'),
      port: Number(c.get('database.port')),
      timeout: Number(c.get('http.timeout_ms')),
      region: c.get('config.region'),
      passwordLength: (typeof password === 'string' ? password : password.reveal()).length,
    }
  }
}
// Decorators applied as calls: this file is plain JavaScript.
Inject(ConfigService)(OrderController, undefined, 0)
Get('order')(
  OrderController.prototype,
  'order',
  Object.getOwnPropertyDescriptor(OrderController.prototype, 'order'),
)
Controller()(OrderController)

/** The values as one nested object, as an app's `load` factory gives @nestjs/config. */
function nested() {
  const tree = {}
  for (const [name, value] of Object.entries(VALUES)) {
    const path = name.slice(PREFIX.length + 1).split('/')
    let at = tree
    for (const level of path.slice(0, -1)) at = at[level] ??= {}
    at[path.at(-1)] = value
  }
  return tree
}

async function nestApp(configModule) {
  class AppModule {}
  Module({ imports: [configModule], controllers: [OrderController] })(AppModule)
  const app = await NestFactory.create(AppModule, { logger: false })
  await app.init()
  return app.getHttpAdapter().getInstance()
}

export const nestVariants = {
  [NEST_CONFIG]: () => nestApp(ConfigModule.forRoot({ load: [nested], ignoreEnvFile: true })),
  [NEST_PARAMKIT]: () => {
    const { client } = fakeSsm(fixedStore(VALUES, TYPES))
    const config = createConfig({ backend: ssmBackend({ client }), env: 'prod', service: 'order-api' })
    return nestApp(ParamkitModule.forRoot({ client: config, configService: true }))
  },
}
