// The order-api's paramkit client, made once per Lambda instance (module scope: the init phase).
// PARAMKIT_BACKEND picks the backend (memory by default, seeded from the fixture); APP_ENV the environment;
// PARAMKIT_SNAPSHOT a sealed snapshot to warm-boot from (see warm-boot.mjs).
import { createConfig } from '@paramkit/core'
import { orderApiBackend } from '../fixtures/order-api-backend.mjs'
import { warmBootOptions } from './warm-boot.mjs'

export const env = process.env.APP_ENV ?? 'dev'
const backend = await orderApiBackend(env)
export const config = createConfig({
  backend,
  env,
  service: 'order-api',
  fallbacks: ['/{env}/shared', '/shared'],
  ...(await warmBootOptions()),
})
config.on('error', ({ error, key }) =>
  console.error(
    `order-api-lambda: ${error.name} (${error.code}${error.reason ? `, ${error.reason}` : ''}) for ${key}: ${error.message}`,
  ),
)

/** Every key the handler reads: loaded during init; a missing one fails init with a NotFoundError naming it. */
export const required = [
  'database/host',
  'database/password',
  'stripe/api_key',
  'config/feature_flag_v2',
  'config/allowed_currencies',
  'http/timeout_ms',
]

/** How this instance started (once the wrappers' init load settled): the warm boot's outcome and the backend calls made by then. */
export const bootState = () => ({
  ...config.stats().snapshot?.warmBoot,
  backendCalls: config.stats().backendCalls,
})
