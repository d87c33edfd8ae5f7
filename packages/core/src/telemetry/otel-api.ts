import type * as Otel from '@opentelemetry/api'

export type OtelApi = typeof Otel

/** Named through a variable so bundlers leave the optional peer out instead of failing to resolve it. */
const moduleName = '@opentelemetry/api'
/**
 * Where `@opentelemetry/api` 1.x keeps what an SDK registers (tracer and meter providers, context manager).
 * Until something is there, every API call answers a no-op, so nothing would be recorded anyway.
 */
const registry = Symbol.for('opentelemetry.js.api.1')
let loading: Promise<OtelApi | undefined> | undefined

/**
 * `@opentelemetry/api` when the application has it installed (an optional peer of core) and an SDK has
 * registered with it, otherwise undefined, and then nothing is recorded. Loaded once, on the first backend
 * read (or config client) after an SDK registered: a process without OpenTelemetry set up never pays for
 * importing it (about 20 ms of a Lambda cold start where the package is merely installed).
 */
export function otelApi(): Promise<OtelApi | undefined> {
  if (loading) return loading
  if (!(registry in globalThis)) return Promise.resolve(undefined)
  loading = import(moduleName).then(
    (api: OtelApi) => api,
    () => undefined,
  )
  return loading
}

/** The instrumentation scope of everything paramkit records. */
export const scope = '@paramkit/core'
