import { type RetryOptions, retryStrategy } from './retry.js'

/** What the kit needs of an AWS SDK v3 client. */
export interface DestroyableClient {
  destroy(): void
}

export interface ClientOptions<Client, Config> {
  /** A client of your own: its region, credentials, endpoint, retries and middleware are used as they are. */
  client?: Client
  /** Settings for the client paramkit creates on first use. */
  clientConfig?: Config
  /** Retries for throttling and transient errors on the client paramkit creates. */
  retry?: RetryOptions
  /** Random source in [0, 1) for backoff jitter (tests pass a fixed one). */
  random?: () => number
}

export interface LazyClient<Client> {
  /** The caller's client, or the one paramkit creates on first use. */
  get(): Client
  /** Destroys the client paramkit created, if it created one. Never creates a client; never touches the caller's. */
  close(): void
}

/**
 * An SDK client made on first use, so importing or configuring a package costs no client and no
 * credential lookup. `create` is the client's constructor, e.g. `(config) => new SSMClient(config)`.
 */
export function lazyClient<Client extends DestroyableClient, Config extends object>(
  create: (config: Config) => Client,
  options: ClientOptions<Client, Config> = {},
): LazyClient<Client> {
  let created: Client | undefined
  return {
    get() {
      if (options.client) return options.client
      created ??= create({
        retryStrategy: retryStrategy(options.retry, options.random),
        ...options.clientConfig,
      } as Config)
      return created
    },
    close() {
      created?.destroy()
      created = undefined
    },
  }
}
