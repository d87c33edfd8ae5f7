/** A promise and the functions that settle it, for holding a load open while a test acts. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** Lets every pending promise callback and immediate run once. */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve))
