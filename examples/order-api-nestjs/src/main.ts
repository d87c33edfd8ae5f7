// npm start -w examples/order-api-nestjs: the order-api on NestJS with paramkit.
// APP_ENV=dev|staging|prod, PARAMKIT_BACKEND=memory|ssm|secrets-manager|routed, PORT.
// Expected start-up failures print one line and exit 1; SIGINT and SIGTERM close the app and exit 0.
import 'reflect-metadata'
import { inspect } from 'node:util'
import { NestFactory } from '@nestjs/core'
import { PARAMKIT_CONFIG } from '@paramkit/nestjs'
import { startOrExit } from '../../fixtures/startup.mjs'
import { AppModule } from './app.module.js'

const env = process.env.APP_ENV ?? 'dev'
// Nest's own error log and abort would print a stack (or dump core) for an expected failure.
const app = await startOrExit('order-api', () =>
  NestFactory.create(AppModule.forEnvironment(env), { logger: false, abortOnError: false }),
)
app.useLogger(['error', 'warn'])
// Not enableShutdownHooks(): it re-raises the signal after closing, so the process (and npm) report 143.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void app.close())
}
console.log(`order-api (${env}) configuration, secrets redacted:`)
console.log(inspect(app.get(PARAMKIT_CONFIG), { depth: 5 }))
await startOrExit('order-api', () => app.listen(Number(process.env.PORT ?? 3001), '127.0.0.1'))
console.log(
  `order-api (NestJS) listening on ${await app.getUrl()} — try GET /health, GET /config and GET /orders/feature`,
)
