/** The time budgets of a config client's reads and backend calls (`createConfig({ timeouts })`). */
export interface TimeoutOptions {
  /** One backend call (a batch, one page of a listing): aborted through its AbortSignal past this. Default 3 s. */
  callMs?: number
  /** One read (`get`, `getMany`, ...): settles within this, with a value or a TimeoutError. Default 5 s. */
  readMs?: number
  /**
   * A read that holds a value within `maxStale` waits at most this for a load, then answers with the
   * stale value while the load finishes in the background. Default 100 ms.
   */
  staleMs?: number
  /** A whole-tree read (`load`, `getTree`), every page and retry included. Default 30 s. */
  loadMs?: number
}

export const timeoutDefaults = { callMs: 3_000, readMs: 5_000, staleMs: 100, loadMs: 30_000 } as const
