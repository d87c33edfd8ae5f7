import type { ConfigClient, StandardSchemaV1 } from '@paramkit/core'
import type { RemainingTime } from './budget.js'
import { checkClient } from './check-client.js'
import type { ConfigContext } from './lambda-config.js'
import { type LambdaOptions, resolveOptions } from './options.js'
import { Readiness } from './readiness.js'

/** The shape middy (v5+) calls; structural, so this package never imports middy. */
export interface ParamkitMiddleware<C extends RemainingTime = RemainingTime> {
  before: (request: { context: C }) => Promise<void>
  /** Settles when the init load does. */
  readonly ready: Promise<void>
}

/**
 * A middy middleware: `middy(handler).use(paramkitMiddleware(config, { required }))`. Made at module
 * scope, it starts loading during init; its `before` waits for that load, sets `context.config` and
 * refreshes due keys within the remaining time. Type the handler's context with `ConfigContext<Context>`.
 */
export function paramkitMiddleware<C extends RemainingTime = RemainingTime>(
  config: ConfigClient<StandardSchemaV1 | undefined>,
  options?: LambdaOptions,
): ParamkitMiddleware<C> {
  checkClient(config, 'paramkitMiddleware')
  const readiness = new Readiness(config, resolveOptions(options, 'paramkitMiddleware'))
  return {
    before: async (request) => {
      await readiness.prepare(request.context)
      ;(request.context as ConfigContext<C>).config = readiness.view
    },
    get ready() {
      return readiness.ready
    },
  }
}
