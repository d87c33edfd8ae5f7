/** Helpers for backend authors: bounded parallel batches and retry backoff. */
/** Runs `fn` over `items` with at most `limit` in flight, keeping results in order. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await fn(items[index]!)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker))
  return results
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

export interface BackoffOptions {
  /** Attempts per call including the first. Default 5. */
  maxAttempts?: number
  /** The delay before retry n is random in [0, base × 2^n], capped at 5 s (full jitter). Default 50 ms. */
  baseDelayMs?: number
}

/** Full-jitter exponential backoff: the batch loader's retries, and the AWS SDK retry strategy (@paramkit/aws). */
export function jitteredBackoff(
  options: BackoffOptions = {},
  random: () => number = Math.random,
): (attempt: number) => number {
  const base = options.baseDelayMs ?? 50
  return (attempt) => Math.floor(random() * Math.min(5000, base * 2 ** attempt))
}

export interface DecorrelatedJitterOptions {
  /** The shortest wait, and the first one's lower bound. Default 100 ms. */
  baseDelayMs?: number
  /** The longest wait. Default 5 s. */
  capDelayMs?: number
}

/**
 * Decorrelated jitter: each wait is random in [base, 3 × the previous wait], capped. Waits grow like
 * exponential backoff but stay spread out, so clients throttled together do not retry together.
 * Returns the next wait on each call; `reset()` starts over after a success.
 */
export function decorrelatedJitter(
  options: DecorrelatedJitterOptions = {},
  random: () => number = Math.random,
): { next(): number; reset(): void } {
  const base = options.baseDelayMs ?? 100
  const cap = options.capDelayMs ?? 5000
  let previous = base
  return {
    next() {
      previous = Math.min(cap, base + random() * (previous * 3 - base))
      return Math.floor(previous)
    },
    reset() {
      previous = base
    },
  }
}
