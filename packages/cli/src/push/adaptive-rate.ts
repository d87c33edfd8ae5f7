import { isParamkitError } from '@paramkit/core'

export interface AdaptiveOptions {
  /** Writes in flight at first. Default 4. */
  initial?: number
  /** Most writes in flight. Default 16. */
  max?: number
  /** Attempts per item when throttled. Default 8. */
  maxAttempts?: number
  /** Wait after a throttle, doubled per attempt. Default 250 ms. */
  backoffMs?: number
  sleep?: (ms: number) => Promise<void>
  /** Called after each item finishes, written or failed. */
  onSettled?: () => void
}

export interface AdaptiveReport {
  written: number
  failed: { index: number; error: unknown }[]
  throttles: number
  /** The window after every change, starting with the initial one (for tests and `--debug`). */
  windows: number[]
}

const isThrottle = (error: unknown) => isParamkitError(error) && error.code === 'THROTTLED'

/**
 * Runs `write` over every item with a window of writes in flight that adapts as TCP's does (AIMD):
 * each success widens it by 1/window (about one per round of writes); a throttle halves it, once per
 * congestion event, and puts the item back after a backoff. Other errors fail that item only.
 */
export async function writeAdaptively<T>(
  items: readonly T[],
  write: (item: T) => Promise<void>,
  options: AdaptiveOptions = {},
): Promise<AdaptiveReport> {
  const max = options.max ?? 16
  const maxAttempts = options.maxAttempts ?? 8
  const backoff = options.backoffMs ?? 250
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  let window = Math.min(options.initial ?? 4, max)
  const report: AdaptiveReport = { written: 0, failed: [], throttles: 0, windows: [window] }
  const queue = items.map((item, index) => ({ item, index, attempts: 0 }))
  const running = new Set<Promise<void>>()
  // One halving per congestion event: writes started before the last decrease do not decrease again.
  let decreases = 0

  const attempt = async (job: (typeof queue)[number]) => {
    job.attempts++
    const startedAfter = decreases
    try {
      await write(job.item)
      report.written++
      window = Math.min(max, window + 1 / window)
      report.windows.push(window)
    } catch (error) {
      if (isThrottle(error) && job.attempts < maxAttempts) {
        report.throttles++
        if (startedAfter === decreases) {
          decreases++
          window = Math.max(1, window / 2)
          report.windows.push(window)
        }
        // The slot stays taken while backing off, so a throttled account sees fewer writes at once.
        await sleep(backoff * 2 ** (job.attempts - 1))
        queue.unshift(job)
        return
      }
      report.failed.push({ index: job.index, error })
    }
    options.onSettled?.()
  }

  while (queue.length > 0 || running.size > 0) {
    while (queue.length > 0 && running.size < Math.floor(window)) {
      const job = queue.shift()!
      const run: Promise<void> = attempt(job).finally(() => running.delete(run))
      running.add(run)
    }
    if (running.size > 0) await Promise.race(running)
  }
  return report
}
