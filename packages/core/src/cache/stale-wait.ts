/** A read that answered with its stale value rather than wait longer for the load. */
export const STALE = Symbol('stale')

/**
 * The load's answer, or STALE once `ms` pass first: the load then goes on in the background (its
 * failure is still reported by the cache, never left unhandled here).
 */
export function answerOrStale<T>(load: Promise<T>, ms: number): Promise<T | typeof STALE> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      load.catch(() => undefined)
      resolve(STALE)
    }, ms)
    load.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}
