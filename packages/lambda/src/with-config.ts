import type { ConfigClient, StandardSchemaV1 } from '@paramkit/core'
import type { RemainingTime } from './budget.js'
import { checkClient } from './check-client.js'
import type { ConfigContext } from './lambda-config.js'
import { type LambdaOptions, resolveOptions } from './options.js'
import { Readiness } from './readiness.js'

/** A plain Lambda handler wrapped by `withConfig`; `ready` settles when the init load does. */
export type ConfiguredHandler<E, R, C> = ((event: E, context: C) => Promise<R>) & {
  readonly ready: Promise<void>
}

/**
 * Wraps a plain async Lambda handler. Call it at module scope: loading starts then, during Lambda's
 * init phase. Each invocation waits for that load (a missing `required` key fails it with a NotFoundError
 * naming the key, before the handler runs), sets `context.config`, and refreshes due keys within the
 * remaining time.
 */
export function withConfig<E, R, C extends RemainingTime = RemainingTime>(
  config: ConfigClient<StandardSchemaV1 | undefined>,
  handler: (event: E, context: ConfigContext<C>) => R | Promise<R>,
  options?: LambdaOptions,
): ConfiguredHandler<E, R, C> {
  checkClient(config, 'withConfig')
  const readiness = new Readiness(config, resolveOptions(options, 'withConfig'))
  const wrapped = async (event: E, context: C): Promise<R> => {
    await readiness.prepare(context)
    const withView = context as ConfigContext<C>
    withView.config = readiness.view
    return handler(event, withView)
  }
  return Object.defineProperty(wrapped, 'ready', { get: () => readiness.ready }) as ConfiguredHandler<E, R, C>
}
