// npm start -w examples/order-api-nestjs: the order-api on NestJS with paramkit.
// APP_ENV=dev|staging|prod, PARAMKIT_BACKEND=memory|ssm|secrets-manager|routed, PORT.
import 'reflect-metadata'
import { inspect } from 'node:util'
import { NestFactory } from '@nestjs/core'
import { PARAMKIT_CONFIG } from '@paramkit/nestjs'
import { AppModule } from './app.module.js'

const env = process.env.APP_ENV ?? 'dev'
const app = await NestFactory.create(AppModule.forEnvironment(env), { logger: ['error', 'warn'] })
app.enableShutdownHooks()
console.log(`order-api (${env}) configuration, secrets redacted:`)
console.log(inspect(app.get(PARAMKIT_CONFIG), { depth: 5 }))
await app.listen(Number(process.env.PORT ?? 3001), '127.0.0.1')
console.log(`order-api (NestJS) listening on ${await app.getUrl()} — try GET /health and GET /config`)
