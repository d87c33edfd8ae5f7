import { metrics, SpanStatusCode, trace } from '@opentelemetry/api'
import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Entry } from '../src/backend-entry.js'
import { createConfig, ThrottledError } from '../src/index.js'
import { observeConfig } from '../src/telemetry/observe-config.js'
import { EncryptedCache, flipSealedByte } from '../src/testing-entry.js'
import { fakeClock, stubBackend } from './support/stub-backend.js'

const secretValue = 'hunter2-never-in-telemetry'
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE)
const reader = new PeriodicExportingMetricReader({
  exporter: metricExporter,
  exportIntervalMillis: 3_600_000,
})
const spanExporter = new InMemorySpanExporter()

beforeAll(() => {
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }))
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] }),
  )
})
afterAll(() => {
  metrics.disable()
  trace.disable()
})

/** The latest exported points of each metric, by name. */
type Point = DataPoint<unknown>

async function collect(): Promise<Map<string, Point[]>> {
  metricExporter.reset()
  await reader.forceFlush()
  const byName = new Map<string, Point[]>()
  for (const resource of metricExporter.getMetrics())
    for (const scope of resource.scopeMetrics)
      for (const metric of scope.metrics) byName.set(metric.descriptor.name, metric.dataPoints)
  return byName
}

const pointValue = (points: Point[] | undefined, attributes: Record<string, string>) =>
  points?.find((p) => Object.entries(attributes).every(([k, v]) => p.attributes[k] === v))?.value

describe('OpenTelemetry, with @opentelemetry/api and an SDK installed', () => {
  it('counts hits, misses, stale served, negative hits, calls by operation, throttles and changes', async () => {
    const clock = fakeClock()
    const backend = stubBackend({ '/prod/api/db/host': 'db.internal', '/prod/api/db/password': secretValue })
    const config = createConfig({
      backend,
      env: 'prod',
      service: 'api',
      cache: { clock, ttl: 1_000, jitter: 0, maxStale: 60_000, negativeTtl: 60_000 },
    })
    await config.get('db/host') // miss, get
    await config.get('db/host') // hit
    await config.getSecret('db/password') // miss, get
    expect(await config.getOptional('nope')).toBeUndefined() // miss, get (NotFound)
    expect(await config.getOptional('nope')).toBeUndefined() // negative hit
    await config.getTree('db') // list
    backend.set('/prod/api/db/host', 'db2.internal')
    await config.refresh('db/host') // change event
    clock.advance(2_000)
    backend.failWith = new ThrottledError('Rate exceeded', { backend: 'stub', operation: 'get' })
    const before = backend.calls.get + backend.calls.getMany
    expect(await config.get('db/host')).toBe('db2.internal') // stale served; each (re)try throttled
    const throttledCalls = backend.calls.get + backend.calls.getMany - before
    expect(throttledCalls).toBeGreaterThan(0)

    const got = await collect()
    const stub = { 'paramkit.backend': 'stub' }
    const stats = config.stats()
    expect(pointValue(got.get('paramkit.cache.hits'), stub)).toBe(stats.hits)
    expect(pointValue(got.get('paramkit.cache.misses'), stub)).toBe(stats.misses)
    expect(stats.hits).toBeGreaterThan(0)
    expect(stats.misses).toBeGreaterThan(0)
    expect(pointValue(got.get('paramkit.cache.stale_served'), stub)).toBe(1)
    expect(pointValue(got.get('paramkit.cache.negative_hits'), stub)).toBe(1)
    expect(pointValue(got.get('paramkit.cache.integrity_failures'), stub)).toBe(0)
    expect(pointValue(got.get('paramkit.backend.throttles'), stub)).toBe(throttledCalls)
    expect(pointValue(got.get('paramkit.config.changes'), stub)).toBe(1)
    for (const operation of ['get', 'getMany', 'list'] as const)
      expect(
        pointValue(got.get('paramkit.backend.calls'), { ...stub, 'paramkit.operation': operation }),
      ).toBe(backend.calls[operation])
    expect(backend.calls.get + backend.calls.list).toBeGreaterThan(3)

    const latency = pointValue(got.get('paramkit.load.duration'), {
      ...stub,
      'paramkit.operation': 'get',
    }) as Histogram
    expect(latency.count).toBeGreaterThan(0)
    const listed = pointValue(got.get('paramkit.load.duration'), { ...stub, 'paramkit.operation': 'list' })
    expect((listed as Histogram).count).toBe(backend.calls.list) // one point per page fetched
    const throttled = pointValue(got.get('paramkit.load.duration'), {
      ...stub,
      'paramkit.outcome': 'THROTTLED',
    })
    expect((throttled as Histogram).count).toBe(throttledCalls)
    await config.close()
  })

  it('wraps every backend call in a span with operation, backend and key name, never a value', async () => {
    spanExporter.reset()
    const backend = stubBackend({ '/prod/api/db/password': secretValue })
    const config = createConfig({ backend, env: 'prod', service: 'api' })
    await config.getSecret('db/password')
    await config.getSecret('db/password') // a hit: no span
    await config.getTree('')
    backend.failWith = new ThrottledError('Rate exceeded', { backend: 'stub', operation: 'get' })
    await config.refresh('db/password')
    const spans = spanExporter.getFinishedSpans()
    // The last ones are the refresh's throttled (re)tries.
    expect(spans.map((s) => s.name)).toEqual([
      'paramkit get',
      'paramkit list',
      ...new Array(spans.length - 2).fill('paramkit get'),
    ])
    expect(spans.length).toBeGreaterThan(2)
    expect(spans[0]!.attributes).toEqual({
      'paramkit.backend': 'stub',
      'paramkit.operation': 'get',
      'paramkit.key': '/prod/api/db/password',
    })
    expect(spans[1]!.attributes).toMatchObject({ 'paramkit.key': '/prod/api', 'paramkit.pages': 1 })
    for (const failed of spans.slice(2)) {
      expect(failed.status).toEqual({ code: SpanStatusCode.ERROR, message: 'ThrottledError' })
      expect(failed.attributes['paramkit.error.code']).toBe('THROTTLED')
    }
    expect(JSON.stringify(spans.map((s) => [s.attributes, s.status, s.events]))).not.toContain(secretValue)
    await config.close()
  })

  it('reports integrity failures from the cache, and stops reading it once stopped (close)', async () => {
    const cache = new EncryptedCache()
    const entry: Entry = { name: '/a', value: 'v', type: 'SecureString', version: '1', sensitive: true }
    await cache.read('/a', async () => entry)
    const slot = cache.inspectSlot('/a')
    if (slot?.kind !== 'sealed') throw new Error('expected a sealed slot')
    slot.sealed = flipSealedByte(slot.sealed, 30, 1) // the ciphertext, after the 24-byte nonce
    await cache.read('/a', async () => entry)
    const counts = {
      calls: { get: 0, getMany: 0, list: 0 },
      throttles: 0,
      changes: 0,
      circuit: { open: 0, 'half-open': 0, closed: 0 },
    }
    const stop = await observeConfig('tampered', () => cache.stats(), counts)
    const tampered = { 'paramkit.backend': 'tampered' }
    expect(pointValue((await collect()).get('paramkit.cache.integrity_failures'), tampered)).toBe(1)
    stop()
    const again = cache.inspectSlot('/a')
    if (again?.kind !== 'sealed') throw new Error('expected a sealed slot')
    again.sealed = flipSealedByte(again.sealed, 30, 1)
    await cache.read('/a', async () => entry)
    expect(cache.stats().integrityFailures).toBe(2)
    expect(pointValue((await collect()).get('paramkit.cache.integrity_failures'), tampered)).toBe(1)
  })
})
