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
  /**
   * Retries for throttling and transient errors on the client paramkit creates. Behind core's call
   * policy (the SSM and Secrets Manager backends) the created client makes one attempt and core
   * retries; `retry` set there opts that client back into SDK retries, for callers outside core.
   */
  retry?: RetryOptions
  /** Random source in [0, 1) for backoff jitter (tests pass a fixed one). */
  random?: () => number
}

/** How the created client retries: `'sdk'` (default) the SDK's strategy, `'single'` one attempt (core retries). */
export type Attempts = 'sdk' | 'single'

export interface LazyClient<Client> {
  /** The caller's client, or the one paramkit creates on first use. */
  get(): Client
  /** Destroys the client paramkit created, if it created one. Never creates a client; never touches the caller's. */
  close(): void
}

/**
 * An SDK client made on first use, so importing or configuring a package costs no client and no
 * credential lookup. `create` is the client's constructor, e.g. `(config) => new SSMClient(config)`.
 * `attempts: 'single'` is for clients behind core's call policy, which owns retries: the created
 * client gets `maxAttempts: 1` unless the caller set `retry` (or `clientConfig` says otherwise).
 */
export function lazyClient<Client extends DestroyableClient, Config extends object>(
  create: (config: Config) => Client,
  options: ClientOptions<Client, Config> = {},
  attempts: Attempts = 'sdk',
): LazyClient<Client> {
  let created: Client | undefined
  return {
    get() {
      if (options.client) return options.client
      if (!created) {
        const retries =
          attempts === 'single' && options.retry === undefined
            ? { maxAttempts: 1 }
            : { retryStrategy: retryStrategy(options.retry, options.random) }
        created = create({ ...retries, ...options.clientConfig } as Config)
      }
      return created
    },
    close() {
      created?.destroy()
      created = undefined
    },
  }
}
