// The lambda suite's order handler on paramkit: keys loaded during init, sync reads in the handler.
// It takes the SSM client, so the benchmark passes its 20 ms-per-call fake and the bundle a real one.
import { createConfig } from '@paramkit/core'
import { withConfig } from '@paramkit/lambda'
import { ssmBackend } from '@paramkit/ssm-backend'
import { NAMES } from './names.mjs'

/** The handler over a client made elsewhere (the warm-boot handler makes its own). */
export function ordersHandler(config) {
  const handler = withConfig(
    config,
    async (event, context) => ({
      id: event.id,
      host: context.config.getSync('db/host'),
      v2: context.config.getSync('feature/v2') === 'true',
    }),
    { required: NAMES },
  )
  return Object.assign(handler, { config })
}

export function paramkitHandler(client, cache = {}) {
  return ordersHandler(
    createConfig({ backend: ssmBackend({ client }), env: 'prod', service: 'orders', cache }),
  )
}
