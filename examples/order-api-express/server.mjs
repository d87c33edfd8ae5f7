// npm start: the order-api on Express with paramkit. APP_ENV=dev|staging|prod, PARAMKIT_BACKEND=memory|ssm|secrets-manager|routed, PORT.
// Expected start-up failures (bad backend config, port in use) print one line and exit 1.
import { once } from 'node:events'
import { startOrExit } from '../fixtures/startup.mjs'
import { createOrderApi } from './app.mjs'

const { app, config, backend, env, describe } = await startOrExit('order-api', () => createOrderApi())
console.log(`order-api (${env}) configuration from the ${backend.name} backend, secrets redacted:`)
console.log(describe())

const server = await startOrExit('order-api', async () => {
  const listening = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1')
  await Promise.race([
    once(listening, 'listening'),
    once(listening, 'error').then(([error]) => Promise.reject(error)),
  ])
  return listening
})
console.log(
  `order-api listening on http://127.0.0.1:${server.address().port} — try GET /health, GET /config and GET /orders/feature`,
)

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close()
    void config.close()
  })
}
