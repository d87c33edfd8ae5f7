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

/** Full-jitter exponential backoff: the batch loader's retries, and the AWS SDK retry strategy (aws-kit). */
export function jitteredBackoff(
  options: BackoffOptions = {},
  random: () => number = Math.random,
): (attempt: number) => number {
  const base = options.baseDelayMs ?? 50
  return (attempt) => Math.floor(random() * Math.min(5000, base * 2 ** attempt))
}
