import { SSMClient, type SSMClientConfig } from '@aws-sdk/client-ssm'
import { type BackoffOptions, jitteredBackoff } from '@paramkit/core'
import { ConfiguredRetryStrategy } from '@smithy/util-retry'

export type RetryOptions = BackoffOptions

export interface ClientOptions {
  /** A client of your own: its region, credentials, endpoint, retries and middleware are used as they are. */
  client?: SSMClient
  /** Settings for the client paramkit creates on first use. */
  clientConfig?: SSMClientConfig
  /** Retries for throttling and transient errors on the client paramkit creates. */
  retry?: RetryOptions
  /** Random source in [0, 1) for backoff jitter (tests pass a fixed one). */
  random?: () => number
}

/** Jittered exponential backoff handed to the SDK's standard retry strategy. */
export function backoffStrategy(retry: RetryOptions = {}, random: () => number = Math.random) {
  return new ConfiguredRetryStrategy(retry.maxAttempts ?? 5, jitteredBackoff(retry, random))
}

/** Creates the SSM client on first use, so importing the backend costs no client and no credential lookup. */
export function lazyClient(options: ClientOptions): () => SSMClient {
  let client = options.client
  return () => {
    client ??= new SSMClient({
      retryStrategy: backoffStrategy(options.retry, options.random),
      ...options.clientConfig,
    })
    return client
  }
}
