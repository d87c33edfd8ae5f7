import { SSMClient, type SSMClientConfig } from '@aws-sdk/client-ssm'
import { ConfiguredRetryStrategy } from '@smithy/util-retry'

export interface RetryOptions {
  /** Attempts per call including the first. Default 5. */
  maxAttempts?: number
  /** Backoff base in ms: the delay before retry n is random in [0, base × 2^n], capped at 5 s (full jitter). Default 50. */
  baseDelayMs?: number
}

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
  const base = retry.baseDelayMs ?? 50
  return new ConfiguredRetryStrategy(retry.maxAttempts ?? 5, (attempt: number) =>
    Math.floor(random() * Math.min(5000, base * 2 ** attempt)),
  )
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
