/** Whether `work` settled within `ms`; its rejection passes through. The timer is cleared at once and unref'd. */
export function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  // Past setTimeout's 32-bit range (which would fire at once) is no deadline either.
  if (ms > 2_147_483_647) return work.then(() => true)
  if (!(ms > 0)) {
    work.catch(() => undefined)
    return Promise.resolve(false)
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      work.catch(() => undefined)
      resolve(false)
    }, ms)
    timer.unref?.()
    work.then(
      () => {
        clearTimeout(timer)
        resolve(true)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}

/** The part of a Lambda context paramkit uses; absent (a local call with `{}`) means no deadline. */
export interface RemainingTime {
  getRemainingTimeInMillis?: () => number
}

/** Milliseconds paramkit may wait in this invocation: the remaining time less the handler's margin. */
export function budgetOf(context: RemainingTime | undefined, marginMs: number): number {
  const remaining = context?.getRemainingTimeInMillis?.()
  if (typeof remaining !== 'number' || Number.isNaN(remaining)) return Number.POSITIVE_INFINITY
  return Math.max(0, remaining - marginMs)
}
