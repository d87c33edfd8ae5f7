// The faults suite's wrapper backend (outage, hang, always throttled) and small helpers.
import { ThrottledError } from '@paramkit/core'

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
export const round = (v, digits = 1) => Number(v.toFixed(digits))
export const verdict = (ok) => (ok ? 'pass' : 'miss')

/**
 * A backend that delegates to `inner` (a memory backend) unless `mode` says otherwise: 'outage' rejects
 * at once with ECONNREFUSED, 'hang' never settles until `options.signal` aborts, 'throttled' throws
 * ThrottledError. Counts every call it receives and the hung calls still pending.
 */
export function faultyBackend(inner) {
  const state = { mode: 'healthy', calls: 0, hanging: 0 }
  const fault = (options) => {
    state.calls++
    if (state.mode === 'outage') {
      const error = new Error('connect ECONNREFUSED 127.0.0.1:443')
      error.code = 'ECONNREFUSED'
      return Promise.reject(error)
    }
    if (state.mode === 'throttled')
      return Promise.reject(new ThrottledError('Rate exceeded (faulty backend)', { backend: 'faulty' }))
    if (state.mode === 'hang') return hang(options?.signal)
    return undefined
  }
  const hang = (signal) =>
    new Promise((_, reject) => {
      state.hanging++
      const abort = () => {
        state.hanging--
        reject(signal.reason ?? new Error('aborted'))
      }
      if (!signal) return
      if (signal.aborted) abort()
      else signal.addEventListener('abort', abort, { once: true })
    })
  return {
    name: 'faulty',
    capabilities: inner.capabilities,
    state,
    get: (name, options) => fault(options) ?? inner.get(name, options),
    getMany: (names, options) => fault(options) ?? inner.getMany(names, options),
    list: (path, options) => fault(options) ?? inner.list(path, options),
  }
}

export const percentile = (samples, p) => {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]
}

export function seedOf(prefix, count) {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}`, `v${i}`]))
}
