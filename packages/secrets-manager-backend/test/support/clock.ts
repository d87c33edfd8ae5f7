/** A milliseconds clock that moves only when told, for the cache and the backend's rotation memory. */
export function clock(start = Date.now()) {
  let now = start
  return {
    now: () => now,
    advance(ms: number) {
      now += ms
    },
  }
}
