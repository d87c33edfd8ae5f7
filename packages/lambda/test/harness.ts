import { createConfig } from '@paramkit/core'
import { type MemoryBackendOptions, memoryBackend } from '@paramkit/memory-backend'
import { vi } from 'vitest'

export const seed = {
  '/prod/orders': {
    db: { host: 'db-v1' },
    api_key: { type: 'SecureString', value: 'sk-live-123456' },
  },
} as const

/** A memory backend and a client over it, with the clock and timers vitest fakes. */
export function setup(
  options: { cache?: object; timeouts?: object; faults?: MemoryBackendOptions['faults'] } = {},
) {
  const backend = memoryBackend({ seed, ...(options.faults ? { faults: options.faults } : {}) })
  const config = createConfig({
    backend,
    env: 'prod',
    service: 'orders',
    cache: { ttl: 60_000, jitter: 0, maxStale: 5 * 60_000, ...options.cache },
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
  })
  const calls = () => {
    const c = backend.stats().calls
    return c.get + c.getMany + c.list
  }
  return { backend, config, calls }
}

/** A Lambda context whose remaining time counts down on the (fake) clock. */
export function lambdaContext(remainingMs: number) {
  const deadline = Date.now() + remainingMs
  return { awsRequestId: 'req-1', getRemainingTimeInMillis: () => deadline - Date.now() }
}

/** Lambda freezes the process: no timer runs while the clock moves on. */
export function freeze(ms: number): void {
  vi.setSystemTime(Date.now() + ms)
}

/** Runs `run` with timers advancing 1 ms at a time; how long it took on the fake clock, and its outcome. */
type Failure = Error & { code?: string; key?: string }

export async function timed<T>(
  run: () => Promise<T>,
  limitMs = 20_000,
): Promise<{ ms: number; ok: boolean; value?: T; error?: Failure }> {
  const start = Date.now()
  let done = false
  const outcome = run().then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error: error as Failure }),
  )
  void outcome.finally(() => {
    done = true
  })
  // Core's batcher flushes on a real setImmediate (not faked): one runs before each fake millisecond passes.
  const turn = () => new Promise((resolve) => setImmediate(resolve))
  await turn()
  await vi.advanceTimersByTimeAsync(0)
  while (!done && Date.now() - start < limitMs) {
    await turn()
    if (!done) await vi.advanceTimersByTimeAsync(1)
  }
  return { ms: Date.now() - start, ...(await outcome) }
}

export const fakeTimers = () =>
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })

/** Lets `ms` pass on the fake clock while the instance runs (not frozen), real immediates included. */
export const pass = (ms: number) => timed(() => new Promise((resolve) => setTimeout(resolve, ms)))
