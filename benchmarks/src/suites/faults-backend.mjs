// The faults suite's small helpers. Outages, hangs and throttle bursts are the memory backend's own
// fault modes (`setFaultMode('refuse' | 'hang' | 'throttle')`).

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
export const round = (v, digits = 1) => Number(v.toFixed(digits))
export const verdict = (ok) => (ok ? 'pass' : 'miss')

/** Backend calls a memory backend has received (get, getMany and each list page). */
export const callsOf = (backend) => {
  const { get, getMany, list } = backend.stats().calls
  return get + getMany + list
}

export const percentile = (samples, p) => {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]
}

export function seedOf(prefix, count) {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}`, `v${i}`]))
}
