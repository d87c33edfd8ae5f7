import { type BackoffOptions, jitteredBackoff } from '@paramkit/core/backend'
import { ConfiguredRetryStrategy } from '@smithy/util-retry'

/** Attempts (default 5) and the base of the full-jitter backoff between them (default 50 ms). */
export type RetryOptions = BackoffOptions

/** The one retry default of every paramkit AWS client. */
export const RETRY_DEFAULTS = { maxAttempts: 5 } as const

/** The SDK's standard retry strategy (throttles and transient faults) with core's jittered backoff. */
export function retryStrategy(options: RetryOptions = {}, random: () => number = Math.random) {
  return new ConfiguredRetryStrategy(
    options.maxAttempts ?? RETRY_DEFAULTS.maxAttempts,
    jitteredBackoff(options, random),
  )
}
