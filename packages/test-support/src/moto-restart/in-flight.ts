import { expect } from 'vitest'
import type { SentRequest } from '../counting-handler.js'
import { cache, SETTLE_SLACK, sleep, timeouts, until, value } from './budgets.js'
import type { MotoRestartHarness } from './harness.js'
import { expectOutageError, type Read, settleTimes, transportCode } from './read-stream.js'
import { restartAndRecover } from './recovery.js'
import { textOf, textsOf } from './text.js'

/** Moto killed while calls are in flight: see the test title in suite.ts. */
export async function inFlightTest(h: MotoRestartHarness): Promise<void> {
  const service = 'in-flight'
  const warm = h.keys(service, 'warm', 2)
  const cold = h.keys(service, 'cold', 9)
  await h.seed(
    'v1',
    [...warm, ...cold].map((k) => k.name),
  )
  const { backend, handler } = h.backendOnMoto()
  const { config, events } = h.configOn(backend, service)
  await textsOf(
    config,
    warm.map((k) => k.key),
  )
  await sleep(cache.ttl + 50) // the warm keys go stale: a read reloads them

  // Paused, moto accepts connections (the kernel does) and never answers: the calls stay in flight.
  h.moto.pause()
  const callsBefore = config.stats().backendCalls
  const requestsBefore = handler.requests.length
  const reads: Read[] = []
  const pending: Promise<void>[] = []
  const track = (kind: Read['kind'], key: string) => {
    const read: Read = { kind, keys: [key], startedAt: performance.now() }
    reads.push(read)
    pending.push(
      textOf(config, key).then(
        (v) => {
          read.values = [v]
          read.endedAt = performance.now()
        },
        (error: Error) => {
          read.error = error
          read.endedAt = performance.now()
        },
      ),
    )
  }
  // One call reloads both warm keys; three calls of three cold keys each: four calls, four slots.
  for (const { key } of warm) track('warm', key)
  for (let i = 0; i < cold.length; i += 3) {
    await sleep(5) // past the batcher's turn: a call of its own
    for (const { key } of cold.slice(i, i + 3)) track('cold', key)
  }
  await until(
    () => config.stats().backendCalls - callsBefore >= 4 && handler.requests.length - requestsBefore >= 4,
    timeouts.callMs / 2,
    `four calls in flight (${config.stats().backendCalls - callsBefore} calls, ${handler.requests.length - requestsBefore} requests)`,
  )
  await sleep(50)
  const inFlight = handler.requests.slice(requestsBefore).filter((r) => r.endedAt === undefined)
  const killStart = performance.now()
  await h.moto.kill('SIGKILL')
  await Promise.all(pending)

  // The calls in flight were reset by the kill (not aborted by their timeout).
  expect(inFlight.length).toBeGreaterThanOrEqual(4)
  await until(() => inFlight.every((r: SentRequest) => r.endedAt !== undefined), 1_000, 'requests ended')
  for (const request of inFlight) expect(request.failure).toBe('ECONNRESET')
  const resetMs = Math.max(...inFlight.map((r) => r.endedAt! - killStart))

  // Warm keys answered stale at staleMs, while their call hung; cold keys failed typed, with the reset (or, for a retry, the
  // refusal that followed) as cause; every read within readMs + slack.
  const settled = settleTimes(reads)
  expect(settled.unsettled).toBe(0)
  expect(settled.max).toBeLessThanOrEqual(timeouts.readMs + SETTLE_SLACK)
  for (const read of reads) {
    if (read.kind === 'warm') {
      expect(read.values).toEqual([value('v1', warm.find((w) => w.key === read.keys[0])!.name)])
      expect(read.endedAt, 'a warm read waited for its hung call').toBeLessThan(killStart)
    } else expectOutageError(read, new Set(['ECONNRESET', 'ECONNREFUSED']))
  }
  const causes = reads.filter((r) => r.error).map((r) => transportCode(r.error))
  await until(() => events.some((e) => e.event.state === 'open'), timeouts.readMs, 'the circuit open')

  const recovery = await restartAndRecover(h, config, events, warm, cold)
  console.log(
    `[moto-restart ${h.subject.name}] in flight at the kill: ${inFlight.length} HTTP requests, reset within ${Math.round(resetMs)} ms; ` +
      `settle max ${settled.max} ms; read causes ${[...new Set(causes)].join('/')}; restart ${recovery.restartMs} ms, ` +
      `moto serving ${recovery.serviceMs} ms later, circuit closed ${recovery.closeMs} ms after that, every warm key v2 ${recovery.allV2Ms} ms after the re-seed`,
  )
}
