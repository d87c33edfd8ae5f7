import type { CacheStats } from '../cache/types.js'
import type { BackendCallCounts } from './instrument-backend.js'
import { otelApi, scope } from './otel-api.js'

export interface ConfigCounts extends BackendCallCounts {
  changes: number
  /** Transitions of the backend's circuit, by the state entered. */
  circuit: Record<'open' | 'half-open' | 'closed', number>
}

/**
 * Publishes a config client's counters as OpenTelemetry observable counters, read only when a metric
 * reader collects, so the cache's hit path does no telemetry work at all. Resolves to the function
 * that stops publishing (called by `close()`); a no-op without `@opentelemetry/api`.
 */
export async function observeConfig(
  backend: string,
  cache: () => CacheStats,
  counts: ConfigCounts,
): Promise<() => void> {
  const api = await otelApi()
  if (!api) return () => {}
  const meter = api.metrics.getMeter(scope)
  const counter = (name: string, description: string) => meter.createObservableCounter(name, { description })
  const instruments = {
    hits: counter('paramkit.cache.hits', 'Reads answered from the cache'),
    misses: counter('paramkit.cache.misses', 'Reads that had to load from the backend'),
    staleServed: counter('paramkit.cache.stale_served', 'Reads answered with a stale value'),
    negativeHits: counter('paramkit.cache.negative_hits', 'Reads answered "not found" from a negative entry'),
    integrityFailures: counter(
      'paramkit.cache.integrity_failures',
      'Cached values that failed authentication',
    ),
    backendCalls: counter('paramkit.backend.calls', 'Backend reads, by operation'),
    throttles: counter('paramkit.backend.throttles', 'Backend reads refused as throttled'),
    changes: counter('paramkit.config.changes', 'Change events: a version changed, appeared or disappeared'),
    circuit: counter(
      'paramkit.backend.circuit_transitions',
      "The backend circuit's changes, by the state entered",
    ),
  }
  const attributes = { 'paramkit.backend': backend }
  const callback = (result: Parameters<Parameters<typeof meter.addBatchObservableCallback>[0]>[0]) => {
    const stats = cache()
    result.observe(instruments.hits, stats.hits, attributes)
    result.observe(instruments.misses, stats.misses, attributes)
    result.observe(instruments.staleServed, stats.staleServed, attributes)
    result.observe(instruments.negativeHits, stats.negativeHits, attributes)
    result.observe(instruments.integrityFailures, stats.integrityFailures, attributes)
    for (const [operation, calls] of Object.entries(counts.calls))
      result.observe(instruments.backendCalls, calls, { ...attributes, 'paramkit.operation': operation })
    result.observe(instruments.throttles, counts.throttles, attributes)
    result.observe(instruments.changes, counts.changes, attributes)
    for (const [state, times] of Object.entries(counts.circuit))
      result.observe(instruments.circuit, times, { ...attributes, 'paramkit.circuit.state': state })
  }
  const observables = Object.values(instruments)
  meter.addBatchObservableCallback(callback, observables)
  return () => meter.removeBatchObservableCallback(callback, observables)
}
