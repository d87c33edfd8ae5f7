/** What an aborted call rejects with: the signal's reason when it is an Error, else an AbortError. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason instanceof Error
    ? signal.reason
    : new DOMException('This operation was aborted', 'AbortError')
}

/** Throws the abort reason when `signal` has already aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortReason(signal)
}

/**
 * Settles as `promise` does, or rejects as soon as `signal` aborts (the promise is then left to
 * itself). `onAbort` runs first, to clear whatever the promise was waiting on.
 */
export function raceSignal<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  onAbort?: () => void,
): Promise<T> {
  if (!signal) return promise
  if (signal.aborted) {
    onAbort?.()
    return Promise.reject(abortReason(signal))
  }
  return new Promise<T>((resolve, reject) => {
    const aborted = () => {
      onAbort?.()
      reject(abortReason(signal))
    }
    signal.addEventListener('abort', aborted, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', aborted)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', aborted)
        reject(error)
      },
    )
  })
}

/** `setTimeout` for `ms`, cleared when `signal` aborts (so an aborted wait holds no timer). */
export function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const slept = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms)
  })
  return raceSignal(slept, signal, () => clearTimeout(timer))
}

/**
 * Never settles unless `signal` aborts, like a call on a dead TCP connection. Holds no timer and no
 * handle, so a hung call never keeps the process alive.
 */
export function hang(signal: AbortSignal | undefined): Promise<never> {
  return raceSignal(new Promise<never>(() => {}), signal)
}
