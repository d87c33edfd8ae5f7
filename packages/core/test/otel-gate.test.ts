import { trace } from '@opentelemetry/api'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { afterAll, describe, expect, it } from 'vitest'
import { createConfig } from '../src/index.js'
import { otelApi } from '../src/telemetry/otel-api.js'
import { stubBackend } from './support/stub-backend.js'

const registry = Symbol.for('opentelemetry.js.api.1')
afterAll(() => trace.disable())

// Its own file (its own module state): otelApi() must not have loaded before this runs.
describe('OpenTelemetry is loaded only once an SDK has registered', () => {
  it('records nothing and loads nothing before registration, then spans from the next backend read', async () => {
    expect(registry in globalThis).toBe(false)
    expect(await otelApi()).toBeUndefined()
    const backend = stubBackend({ '/p/s/a': 'A', '/p/s/b': 'B' })
    const config = createConfig({ backend, env: 'p', service: 's' })
    expect(await config.get('a')).toBe('A')

    const exporter = new InMemorySpanExporter()
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
    )
    expect(registry in globalThis).toBe(true)
    const api = await otelApi()
    expect(api?.trace).toBe(trace)
    expect(await config.get('b')).toBe('B')
    expect(exporter.getFinishedSpans().map((span) => span.attributes['paramkit.key'])).toEqual(['/p/s/b'])
    await config.close()
  })
})
