import type { ConfigClient, ConfigTree, Secret, StandardSchemaV1 } from '@paramkit/core'

/**
 * Augment to type `req.config.load()` across your app:
 * `declare module '@paramkit/express' { interface Register { config: MyConfig } }`
 */
// biome-ignore lint/suspicious/noEmptyInterface: augmented by applications
export interface Register {}

export type RegisteredConfig = Register extends { config: infer C } ? C : ConfigTree

/** What each request sees as `req.config`: reads go to the encrypted cache, so refreshed values show up at once. */
export interface RequestConfig<C = RegisteredConfig> {
  get(key: string): Promise<string>
  getOptional(key: string): Promise<string | undefined>
  getSecret(key: string): Promise<Secret<string>>
  getJSON<T = unknown>(key: string): Promise<T>
  getList(key: string): Promise<string[]>
  getMany<K extends string>(keys: readonly K[]): Promise<Record<K, string>>
  /**
   * What the cache holds for `key`, synchronously (after `loadBeforeListen`, `load()` or `preload(keys)`):
   * no await per read. A key never loaded throws NotLoadedError; stale within `maxStale` is answered and
   * reloaded in the background.
   */
  getSync(key: string): string
  getOptionalSync(key: string): string | undefined
  /** The shared `Secret` of the cached version: `reveal()` it where the value is used. */
  getSecretSync(key: string): Secret<string>
  /** The whole configuration, validated by the middleware's schema, built from the cache on each call. */
  load(): Promise<C>
  /** The client itself: events (`on('change')`), `refresh`, `stats`. */
  readonly client: ConfigClient<StandardSchemaV1 | undefined>
}

/** One view per middleware, shared by every request: nothing is copied per request. */
export function requestConfig<C>(
  client: ConfigClient<StandardSchemaV1 | undefined>,
  schema?: StandardSchemaV1,
): RequestConfig<C> {
  return {
    get: (key) => client.get(key),
    getOptional: (key) => client.getOptional(key),
    getSecret: (key) => client.getSecret(key),
    getJSON: (key) => client.getJSON(key),
    getList: (key) => client.getList(key),
    getMany: (keys) => client.getMany(keys),
    getSync: (key) => client.getSync(key),
    getOptionalSync: (key) => client.getOptionalSync(key),
    getSecretSync: (key) => client.getSecretSync(key),
    load: () => (schema ? client.load(schema) : client.load()) as Promise<C>,
    client,
  }
}
