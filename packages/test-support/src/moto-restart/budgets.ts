// The config client's budgets in the moto-restart suite, the slacks its assertions allow, and timing helpers.

// Small budgets so the test is quick; the slacks below are generous against them.
export const timeouts = { callMs: 500, readMs: 1_000, staleMs: 50, loadMs: 3_000 }
export const circuit = { failures: 5, probeMs: 500 }
export const concurrency = 4
export const cache = { ttl: 300, jitter: 0, maxStale: 60_000 }
/** Every read settles within readMs plus this. */
export const SETTLE_SLACK = 500
/** Once moto serves again, the circuit closes within callMs + probeMs plus this (and reads recover). */
export const RECOVERY_SLACK = 1_000
/** How long moto stays dead while the reads go on. */
export const OUTAGE_MS = 3_000
/** A read stream's turns: each reads every warm key, a getMany of two of them and two cold keys. */
export const TICK_MS = 25
export const COLD_PER_TICK = 2

/** Transport failures a killed endpoint on loopback shows: refused, reset, or a write to a closed socket. */
export const TRANSPORT = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE'])

export const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref()
  })

export async function until(done: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = performance.now() + ms
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`not ${what} after ${ms} ms`)
    await sleep(5)
  }
}

/** The value seeded under `name` for a seeding round, e.g. `v1:/prod/svc/k0`. */
export const value = (version: string, name: string) => `${version}:${name}`
