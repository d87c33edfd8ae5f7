// The order-api's paramkit client, made once per Lambda instance (module scope: the init phase).
// PARAMKIT_BACKEND picks the backend (memory by default, seeded from the fixture); APP_ENV the environment.
import { createConfig } from '@paramkit/core'
import { orderApiBackend } from '../fixtures/order-api-backend.mjs'

export const env = process.env.APP_ENV ?? 'dev'
const backend = await orderApiBackend(env)
export const config = createConfig({
  backend,
  env,
  service: 'order-api',
  fallbacks: ['/{env}/shared', '/shared'],
})

/** Every key the handler reads: loaded during init; a missing one fails init with a NotFoundError naming it. */
export const required = [
  'database/host',
  'database/password',
  'stripe/api_key',
  'config/feature_flag_v2',
  'config/allowed_currencies',
  'http/timeout_ms',
]
