// The order-api's HTTP app: config is loaded and validated before it is built, and each request
// reads from paramkit's encrypted cache through req.config.
import { inspect } from 'node:util'
import { createConfig } from '@paramkit/core'
import { loadBeforeListen, paramkit, paramkitErrorHandler } from '@paramkit/express'
import express from 'express'
import { orderApiBackend } from '../fixtures/order-api-backend.mjs'
import { orderApiSchema } from '../fixtures/order-api-schema.mjs'

export async function createOrderApi({ env = process.env.APP_ENV ?? 'dev', environment = process.env } = {}) {
  const backend = await orderApiBackend(env, environment)
  const config = createConfig({ backend, env, service: 'order-api', fallbacks: ['/{env}/shared', '/shared'] })
  const loaded = await loadBeforeListen(config, {
    schema: orderApiSchema,
    required: ['database/password', 'stripe/api_key'],
  })

  const app = express()
  app.disable('x-powered-by')
  app.use(paramkit(config, { schema: orderApiSchema }))
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', env, backend: backend.name })
  })
  app.get('/config', async (req, res, next) => {
    try {
      res.json(await req.config.load()) // secrets serialise as "[redacted]"
    } catch (error) {
      next(error)
    }
  })
  app.get('/orders/feature', async (req, res, next) => {
    try {
      const { config: settings } = await req.config.load()
      res.json({ v2: settings.feature_flag_v2, currencies: settings.allowed_currencies })
    } catch (error) {
      next(error)
    }
  })
  // A configuration error answers with its code and a generic sentence; the detail (scrubbed) goes to the log.
  app.use(paramkitErrorHandler({ log: (_error, detail) => console.error(detail) }))

  return { app, config, backend, env, describe: () => inspect(loaded, { depth: 5 }) }
}
