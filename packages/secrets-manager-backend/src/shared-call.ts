/**
 * One SDK call that several reads wait on (the rotation dates of secrets read at once). Each waiter
 * stops at its own signal; the call itself is aborted only when every waiter has stopped, and never
 * while a waiter without a signal still waits. An aborted call is no longer `live`: nobody joins it.
 */
export interface SharedCall {
  readonly done: Promise<void>
  readonly live: boolean
  /** Waits for the call, or rejects at once when `signal` aborts (an `AbortError` whose cause is its reason). */
  join(signal?: AbortSignal): Promise<void>
}

export function sharedCall(run: (signal: AbortSignal) => Promise<void>): SharedCall {
  const controller = new AbortController()
  const done = run(controller.signal)
  done.catch(() => {})
  let waiting = 0
  let pinned = false
  const leave = (reason: unknown) => {
    waiting--
    if (waiting === 0 && !pinned) controller.abort(reason)
  }
  return {
    done,
    get live() {
      return !controller.signal.aborted
    },
    join(signal) {
      if (!signal) {
        pinned = true
        return done
      }
      waiting++
      if (signal.aborted) {
        leave(signal.reason)
        return Promise.reject(abortError(signal))
      }
      return new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          leave(signal.reason)
          reject(abortError(signal))
        }
        signal.addEventListener('abort', onAbort, { once: true })
        const settle = () => signal.removeEventListener('abort', onAbort)
        done.then(
          () => {
            settle()
            resolve()
          },
          (error: unknown) => {
            settle()
            reject(error)
          },
        )
      })
    },
  }
}

/** As the SDK reports an aborted request: name `AbortError`, the signal's reason as `cause`. */
function abortError(signal: AbortSignal): Error {
  const error = new Error('Request aborted', { cause: signal.reason })
  error.name = 'AbortError'
  return error
}
