import type * as Otel from '@opentelemetry/api'

export type OtelApi = typeof Otel

/** Named through a variable so bundlers leave the optional peer out instead of failing to resolve it. */
const moduleName = '@opentelemetry/api'
let loading: Promise<OtelApi | undefined> | undefined

/**
 * `@opentelemetry/api` when the application has it installed (an optional peer of core), otherwise
 * undefined, and then nothing is recorded. Loaded once, on the first config client.
 */
export function otelApi(): Promise<OtelApi | undefined> {
  loading ??= import(moduleName).then(
    (api: OtelApi) => api,
    () => undefined,
  )
  return loading
}

/** The instrumentation scope of everything paramkit records. */
export const scope = '@paramkit/core'
