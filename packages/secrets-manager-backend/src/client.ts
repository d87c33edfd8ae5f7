import { SecretsManagerClient, type SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager'
import { type BackoffOptions, jitteredBackoff } from '@paramkit/core'
import { ConfiguredRetryStrategy } from '@smithy/util-retry'

export interface ClientOptions {
  /** A client of your own: its region, credentials, endpoint, retries and middleware are used as they are. */
  client?: SecretsManagerClient
  /** Settings for the client paramkit creates on first use. */
  clientConfig?: SecretsManagerClientConfig
  /** Retries for throttling and transient errors on the client paramkit creates. */
  retry?: BackoffOptions
  /** Random source in [0, 1) for backoff jitter. */
  random?: () => number
}

export function backoffStrategy(retry: BackoffOptions = {}, random: () => number = Math.random) {
  return new ConfiguredRetryStrategy(retry.maxAttempts ?? 5, jitteredBackoff(retry, random))
}

/** Creates the client on first use, so importing the backend costs no client and no credential lookup. */
export function lazyClient(options: ClientOptions): () => SecretsManagerClient {
  let client = options.client
  return () => {
    client ??= new SecretsManagerClient({
      retryStrategy: backoffStrategy(options.retry, options.random),
      ...options.clientConfig,
    })
    return client
  }
}
