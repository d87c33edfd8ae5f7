import { expect } from 'vitest'
import {
  circuit,
  concurrency,
  OUTAGE_MS,
  SETTLE_SLACK,
  sleep,
  TRANSPORT,
  timeouts,
  value,
} from './budgets.js'
import type { MotoRestartHarness } from './harness.js'
import { expectOutageError, ReadStream, settleTimes, transportCode } from './read-stream.js'
import { restartAndRecover } from './recovery.js'
import { textsOf } from './text.js'

/** Moto killed under a steady stream of reads: see the test title in suite.ts. */
export async function outageTest(h: MotoRestartHarness): Promise<void> {
  const service = 'restart'
  const warm = h.keys(service, 'warm', 6)
  const coldHealthy = h.keys(service, 'cold-healthy', 10)
  const coldOutage = h.keys(service, 'cold-outage', 20)
  await h.seed(
    'v1',
    [...warm, ...coldHealthy, ...coldOutage].map((k) => k.name),
  )
  const { backend, handler } = h.backendOnMoto()
  const { config, events } = h.configOn(backend, service)
  expect(
    await textsOf(
      config,
      warm.map((k) => k.key),
    ),
  ).toEqual(Object.fromEntries(warm.map((k) => [k.key, value('v1', k.name)])))

  const stream = new ReadStream(
    config,
    warm.map((k) => k.key),
    coldHealthy.map((k) => k.key),
  )
  try {
    await sleep(500)
    const callsAtKill = config.stats().backendCalls
    const opensAtKill = config.stats().policy.circuitOpens
    const requestsAtKill = handler.requests.length
    const killStart = performance.now()
    await h.moto.kill('SIGKILL')
    const killedAt = performance.now()
    stream.cold = coldOutage.map((k) => k.key)
    await sleep(OUTAGE_MS)
    await stream.stop()
    const outageEnd = performance.now()
    const outageMs = outageEnd - killStart

    // Before the kill: every read answered with its value.
    const healthy = stream.reads.filter((r) => r.endedAt! < killStart)
    expect(healthy.length).toBeGreaterThan(50)
    for (const read of healthy) expect(read.error, `${read.keys} before the kill`).toBe(undefined)

    // Every read, whenever it ran, settled within readMs + slack.
    const settled = settleTimes(stream.reads)
    expect(settled.unsettled).toBe(0)
    expect(settled.max).toBeLessThanOrEqual(timeouts.readMs + SETTLE_SLACK)

    // During the outage: warm keys answer their last value (stale, within maxStale), cold keys fail
    // typed, with the transport error as cause or as a timeout; never THROTTLED, never a hang.
    const outageReads = stream.reads.filter((r) => r.startedAt >= killedAt)
    const cold = outageReads.filter((r) => r.kind === 'cold')
    expect(cold.length, 'too few cold reads for the call count to mean anything').toBeGreaterThanOrEqual(100)
    for (const read of outageReads) {
      if (read.kind === 'cold') expectOutageError(read)
      else {
        expect(read.error, `${read.keys} during the outage`).toBe(undefined)
        expect(read.values).toEqual(read.keys.map((k) => value('v1', warm.find((w) => w.key === k)!.name)))
      }
    }

    // The circuit opened, with the transport failure as cause, and is open at the end of the outage.
    const during = events.filter((e) => e.at >= killStart)
    const opened = during.find((e) => e.event.state === 'open')
    expect(opened, 'the circuit did not open').toBeDefined()
    expect(transportCode(opened!.event.cause)).toBeDefined()
    expect(config.stats().policy.circuitOpens).toBeGreaterThan(opensAtKill)
    expect(['open', 'half-open']).toContain(config.stats().policy.circuit)

    // Calls: the ones that opened the circuit (failures, plus calls already in flight), then one probe
    // per probeMs, not one per read. The SDK sent each command once (no retries under core's).
    const probes = during.filter((e) => e.event.state === 'half-open').length
    const calls = config.stats().backendCalls - callsAtKill
    expect(probes).toBeGreaterThanOrEqual(1)
    expect(probes).toBeLessThanOrEqual(Math.ceil(outageMs / circuit.probeMs) + 1)
    expect(calls).toBeLessThanOrEqual(circuit.failures + concurrency + probes + 2)
    const sent = handler.requests.slice(requestsAtKill)
    expect(sent.length).toBeLessThanOrEqual(calls * h.subject.commandsPerCall)
    for (const request of sent) expect([...TRANSPORT]).toContain(request.failure)

    const recovery = await restartAndRecover(h, config, events, warm, coldOutage)
    console.log(
      `[moto-restart ${h.subject.name}] outage ${Math.round(outageMs)} ms: ${outageReads.length} reads (${cold.length} cold), ` +
        `settle max ${settled.max} ms (outage reads ${settleTimes(outageReads).max} ms), ` +
        `${calls} backend calls / ${sent.length} HTTP requests, ${probes} probes, circuit opened ` +
        `${Math.round(opened!.at - killedAt)} ms after the kill; restart ${recovery.restartMs} ms, ` +
        `moto serving ${recovery.serviceMs} ms later, circuit closed ${recovery.closeMs} ms after that, every warm key v2 ${recovery.allV2Ms} ms after the re-seed`,
    )
  } finally {
    await stream.stop()
  }
}
