import type { Provider } from '@nestjs/common'
import type { ConfigClient, StandardSchemaV1 } from '@paramkit/core'
import { PARAMKIT_CLIENT } from './tokens.js'

/** A typed slice of the configuration (a subtree validated by a schema), injectable by its `KEY`. */
export interface ParamkitNamespace<T> {
  readonly KEY: symbol
  readonly path: string
  readonly provider: Provider
  /** Type carrier only: `typeof ns.type` is the slice's type. */
  readonly type: T
}

export type NamespaceType<N> = N extends ParamkitNamespace<infer T> ? T : never

/**
 * Declares a namespace, like @nestjs/config's `registerAs`: `paramkitNamespace('database', schema)`
 * loads `getTree('database')` validated by `schema`; inject it with `@Inject(database.KEY)`.
 */
export function paramkitNamespace<S extends StandardSchemaV1>(
  path: string,
  schema: S,
): ParamkitNamespace<StandardSchemaV1.InferOutput<S>> {
  const KEY = Symbol.for(`paramkit:namespace:${path}`)
  return {
    KEY,
    path,
    provider: {
      provide: KEY,
      inject: [PARAMKIT_CLIENT],
      useFactory: (client: ConfigClient<StandardSchemaV1 | undefined>) => client.getTree(path, schema),
    },
    type: undefined as never,
  }
}
