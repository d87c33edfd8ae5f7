import { ConfiguredRetryStrategy } from '@smithy/util-retry'

export interface RetryOptions {
  /** Attempts per call including the first. Default 5. */
  maxAttempts?: number
  /** The delay before retry n is random in [0, base × 2^n], capped at 5 s (full jitter). Default 50 ms. */
  baseDelayMs?: number
}

/** The one retry default of every paramkit AWS client. */
export const RETRY_DEFAULTS = { maxAttempts: 5, baseDelayMs: 50, maxDelayMs: 5000 } as const

/** Full-jitter exponential backoff: the delay in ms before retry `attempt`. */
export function jitteredBackoff(
  options: RetryOptions = {},
  random: () => number = Math.random,
): (attempt: number) => number {
  const base = options.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs
  return (attempt) => Math.floor(random() * Math.min(RETRY_DEFAULTS.maxDelayMs, base * 2 ** attempt))
}

/** The SDK's standard retry strategy (throttles and transient faults) with paramkit's jittered backoff. */
export function retryStrategy(options: RetryOptions = {}, random: () => number = Math.random) {
  return new ConfiguredRetryStrategy(
    options.maxAttempts ?? RETRY_DEFAULTS.maxAttempts,
    jitteredBackoff(options, random),
  )
}
