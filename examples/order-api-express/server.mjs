// npm start: the order-api on Express with paramkit. APP_ENV=dev|staging|prod, PARAMKIT_BACKEND=memory|ssm|secrets-manager|routed, PORT.
import { createOrderApi } from './app.mjs'

const { app, config, backend, env, describe } = await createOrderApi()
console.log(`order-api (${env}) configuration from the ${backend.name} backend, secrets redacted:`)
console.log(describe())

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  const { port } = server.address()
  console.log(`order-api listening on http://127.0.0.1:${port} — try GET /health and GET /config`)
})

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close()
    void config.close()
  })
}
