import type { Backend, ListPage } from '../backend.js'
import { isParamkitError } from '../errors.js'
import { type OtelApi, otelApi, scope } from './otel-api.js'

export type ReadOperation = 'get' | 'getMany' | 'list'

/** Counts kept in plain numbers (read by the observable counters), whatever OpenTelemetry's presence. */
export interface BackendCallCounts {
  calls: Record<ReadOperation, number>
  throttles: number
}

type Attributes = Record<string, string | string[]>
type Span = ReturnType<ReturnType<OtelApi['trace']['getTracer']>['startSpan']>
type Histogram = ReturnType<ReturnType<OtelApi['metrics']['getMeter']>['createHistogram']>

const outcomeOf = (error: unknown) => (isParamkitError(error) ? error.code : 'error')

/**
 * The reads the config client makes, each in a span (`paramkit get`, `paramkit getMany`, `paramkit list`
 * for all pages of one listing) whose attributes carry the operation, the backend and the key name or
 * names, never a value; each call timed into the `paramkit.load.duration` histogram. Without
 * `@opentelemetry/api` calls are only counted.
 */
export function instrumentBackend(backend: Backend, counts: BackendCallCounts): Backend {
  const base = { 'paramkit.backend': backend.name }
  let histogram: Histogram | undefined

  /**
   * Runs one backend call: counts it (and a throttle) and times it when OpenTelemetry is there.
   * `wasCall` tells a list's closing step (no page, no request) from a page fetch.
   */
  async function timed<T>(
    api: OtelApi | undefined,
    operation: ReadOperation,
    call: () => Promise<T>,
    wasCall: (result: T) => boolean = () => true,
  ): Promise<T> {
    const started = performance.now()
    const done = (outcome: string) => {
      counts.calls[operation]++
      if (outcome === 'THROTTLED') counts.throttles++
      if (!api) return
      histogram ??= api.metrics.getMeter(scope).createHistogram('paramkit.load.duration', {
        description: 'Latency of the backend reads that load the cache',
        unit: 'ms',
      })
      const attributes = { ...base, 'paramkit.operation': operation, 'paramkit.outcome': outcome }
      histogram.record(performance.now() - started, attributes)
    }
    let result: T
    try {
      result = await call()
    } catch (error) {
      done(outcomeOf(error))
      throw error
    }
    if (wasCall(result)) done('ok')
    return result
  }

  function startSpan(api: OtelApi | undefined, operation: ReadOperation, keys: Attributes): Span | undefined {
    const attributes = { ...base, 'paramkit.operation': operation, ...keys }
    return api?.trace
      .getTracer(scope)
      .startSpan(`paramkit ${operation}`, { kind: api.SpanKind.CLIENT, attributes })
  }

  function failSpan(api: OtelApi | undefined, span: Span | undefined, error: unknown): void {
    if (!api || !span) return
    // The code and class name only: a foreign error's message is not ours to vouch for.
    span.setAttribute('paramkit.error.code', outcomeOf(error))
    span.setStatus({ code: api.SpanStatusCode.ERROR, message: (error as Error)?.name ?? 'Error' })
  }

  async function read<T>(operation: 'get' | 'getMany', keys: Attributes, call: () => Promise<T>): Promise<T> {
    const api = await otelApi()
    const span = startSpan(api, operation, keys)
    try {
      return await timed(api, operation, call)
    } catch (error) {
      failSpan(api, span, error)
      throw error
    } finally {
      span?.end()
    }
  }

  return {
    name: backend.name,
    capabilities: backend.capabilities,
    get: (name, options) => read('get', { 'paramkit.key': name }, () => backend.get(name, options)),
    getMany: (names, options) =>
      read('getMany', { 'paramkit.keys': [...names] }, () => backend.getMany(names, options)),
    async *list(path, options) {
      const api = await otelApi()
      const span = startSpan(api, 'list', { 'paramkit.key': path })
      const pages = backend.list(path, options)[Symbol.asyncIterator]()
      let done = false
      let count = 0
      try {
        while (true) {
          const step: IteratorResult<ListPage> = await timed(
            api,
            'list',
            () => pages.next(),
            (next) => !next.done,
          )
          if (step.done) {
            done = true
            return
          }
          count++
          yield step.value
        }
      } catch (error) {
        done = true
        failSpan(api, span, error)
        throw error
      } finally {
        span?.setAttribute('paramkit.pages', count)
        span?.end()
        if (!done) await pages.return?.()
      }
    },
  }
}
