import type { ConfigClient, ConfigTree, Secret, StandardSchemaV1 } from '@paramkit/core'

type Client = ConfigClient<StandardSchemaV1 | undefined>

/** How a key is read, so the same read can check it between invocations. */
export type ReadKind = 'text' | 'secret'

/** Most keys remembered for refresh between invocations. */
const MAX_TRACKED = 10_000

/** What a handler sees as `context.config`: reads from the client's encrypted cache. */
export interface LambdaConfig {
  /** What the cache holds for `key`, without waiting: loaded during init. A secret is refused: use `getSecretSync`. */
  getSync(key: string): string
  getOptionalSync(key: string): string | undefined
  /** The shared `Secret` of the cached version: `reveal()` it where the value is used. */
  getSecretSync(key: string): Secret<string>
  get(key: string): Promise<string>
  getOptional(key: string): Promise<string | undefined>
  getSecret(key: string): Promise<Secret<string>>
  getJSON<T = unknown>(key: string): Promise<T>
  getList(key: string): Promise<string[]>
  load(): Promise<ConfigTree>
  /** The client itself: events, `refresh`, `stats`. */
  readonly client: Client
}

/** Adds `config` to a Lambda context type: `(event, context: ConfigContext<Context>) => ...`. */
export type ConfigContext<C = object> = C & { config: LambdaConfig }

/**
 * One view per wrapper, shared by every invocation. Each key read synchronously is remembered (with how
 * it was read), so the next invocation can look at it before the handler runs.
 */
export function lambdaConfig(client: Client, tracked: Map<string, ReadKind>): LambdaConfig {
  const track = (key: string, kind: ReadKind) => {
    if (tracked.has(key) || tracked.size >= MAX_TRACKED) return
    tracked.set(key, kind)
  }
  return {
    getSync(key) {
      const text = client.getSync(key)
      track(key, 'text')
      return text
    },
    getOptionalSync(key) {
      const text = client.getOptionalSync(key)
      track(key, 'text')
      return text
    },
    getSecretSync(key) {
      const secret = client.getSecretSync(key)
      track(key, 'secret')
      return secret
    },
    get: (key) => client.get(key),
    getOptional: (key) => client.getOptional(key),
    getSecret: (key) => client.getSecret(key),
    getJSON: (key) => client.getJSON(key),
    getList: (key) => client.getList(key),
    load: () => client.load() as Promise<ConfigTree>,
    client,
  }
}
