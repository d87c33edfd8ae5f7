/** Waits `ms` on an unref'd timer; resolves false at once when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false)
  return new Promise((resolve) => {
    const done = (completed: boolean) => {
      clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
      resolve(completed)
    }
    const onAbort = () => done(false)
    const timer = setTimeout(() => done(true), ms)
    timer.unref()
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
