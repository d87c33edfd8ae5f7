import {
  BackendUnavailableError,
  type ConfigClient,
  type ConfigEvents,
  createConfig,
  TimeoutError,
} from '@paramkit/core'
import type { Backend } from '@paramkit/core/backend'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { RecordingHandler, type SentRequest } from './counting-handler.js'
import { type MotoServer, startMoto } from './moto/server.mjs'

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' }

// Small budgets so the test is quick; the slacks below are generous against them.
const timeouts = { callMs: 500, readMs: 1_000, staleMs: 50, loadMs: 3_000 }
const circuit = { failures: 5, probeMs: 500 }
const concurrency = 4
const cache = { ttl: 300, jitter: 0, maxStale: 60_000 }
/** Every read settles within readMs plus this. */
const SETTLE_SLACK = 500
/** Once moto serves again, the circuit closes within callMs + probeMs plus this (and reads recover). */
const RECOVERY_SLACK = 1_000
/** How long moto stays dead while the reads go on. */
const OUTAGE_MS = 3_000
/** A read stream's turns: each reads every warm key, a getMany of two of them and two cold keys. */
const TICK_MS = 25
const COLD_PER_TICK = 2

/** Transport failures a killed endpoint on loopback shows: refused, reset, or a write to a closed socket. */
const TRANSPORT = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE'])

type CircuitEvent = ConfigEvents['circuit']

/** An AWS backend package under test. */
export interface MotoRestartSubject {
  /** Named in the describe block, e.g. `SSM`. */
  name: string
  /** The backend over a client paramkit makes from `clientConfig` (so: one attempt per call). */
  backend(clientConfig: object): Backend & Required<Pick<Backend, 'put'>>
  /** Most SDK commands one backend call sends (Secrets Manager reads rotation dates beside values). */
  commandsPerCall: number
}

interface Read {
  kind: 'warm' | 'many' | 'cold'
  keys: string[]
  startedAt: number
  endedAt?: number
  values?: string[]
  error?: Error
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref()
  })

async function until(done: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = performance.now() + ms
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`not ${what} after ${ms} ms`)
    await sleep(5)
  }
}

/** The transport error code under a paramkit error: its cause, or the cause's cause, and so on. */
export function transportCode(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string' && TRANSPORT.has(e.code)) return e.code
  }
  return undefined
}

/**
 * A steady stream of concurrent reads on one config client, every turn without waiting for the last:
 * each warm key, a getMany of two warm keys, and the next `COLD_PER_TICK` of `cold` (cycled). Records
 * when each read started and settled, and with what.
 */
class ReadStream {
  readonly reads: Read[] = []
  cold: readonly string[]
  private next = 0
  private running = true
  private readonly pending = new Set<Promise<void>>()
  private readonly loop: Promise<void>

  constructor(
    private readonly config: ConfigClient,
    private readonly warm: readonly string[],
    cold: readonly string[],
  ) {
    this.cold = cold
    this.loop = this.run()
  }

  private async run(): Promise<void> {
    while (this.running) {
      for (const key of this.warm) this.track('warm', [key], async () => [await this.config.get(key)])
      const two = this.warm.slice(0, 2)
      if (two.length > 0)
        this.track('many', two, async () => {
          const values = await this.config.getMany(two)
          return two.map((k) => values[k])
        })
      for (let i = 0; i < COLD_PER_TICK && this.cold.length > 0; i++) {
        const key = this.cold[this.next++ % this.cold.length]!
        this.track('cold', [key], async () => [await this.config.get(key)])
      }
      await sleep(TICK_MS)
    }
  }

  private track(kind: Read['kind'], keys: string[], read: () => Promise<(string | undefined)[]>): void {
    const record: Read = { kind, keys, startedAt: performance.now() }
    this.reads.push(record)
    const done: Promise<void> = read()
      .then(
        (values) => {
          record.values = values.map(String)
        },
        (error: Error) => {
          record.error = error
        },
      )
      .finally(() => {
        record.endedAt = performance.now()
        this.pending.delete(done)
      })
    this.pending.add(done)
  }

  /** Stops starting reads; resolves once every read started has settled. */
  async stop(): Promise<void> {
    this.running = false
    await this.loop
    await Promise.all([...this.pending])
  }
}

const value = (version: string, name: string) => `${version}:${name}`

/** How long each read took, and the longest. */
function settleTimes(reads: readonly Read[]): { max: number; unsettled: number } {
  let max = 0
  let unsettled = 0
  for (const read of reads) {
    if (read.endedAt === undefined) unsettled++
    else max = Math.max(max, read.endedAt - read.startedAt)
  }
  return { max: Math.round(max), unsettled }
}

/** Asserts a failed read's error is typed as an outage: unavailable with a transport cause, or a timeout. */
function expectOutageError(read: Read, allowed: ReadonlySet<string> = TRANSPORT): void {
  const error = read.error
  expect(error, `${read.kind} read of ${read.keys.join(', ')} gave a value during the outage`).toBeDefined()
  const code = (error as { code?: string }).code
  expect(['BACKEND_UNAVAILABLE', 'TIMEOUT'], `${read.keys} failed as ${code}: ${error!.message}`).toContain(
    code,
  )
  if (code === 'BACKEND_UNAVAILABLE') {
    expect(error).toBeInstanceOf(BackendUnavailableError)
    const cause = transportCode(error)
    expect(cause && allowed.has(cause), `${error!.message} has no transport cause (${cause})`).toBe(true)
  } else expect(error).toBeInstanceOf(TimeoutError)
}

/**
 * Moto killed (SIGKILL) under a config client and started again on the same port: every read settles
 * within its budget during the outage (a stale value or a typed error, never a hang or THROTTLED), the
 * circuit opens and keeps calls to about one probe per `probeMs`, and once moto is back (its state lost,
 * so re-seeded with new values) reads recover within a probe interval and the circuit closes. A second
 * test kills moto while calls are in flight (paused first, so they are): they fail as connection resets.
 * The suite runs its own moto, since it kills it; it fails, never skips, when moto cannot start.
 */
export function motoRestartSuite(subject: MotoRestartSubject): void {
  describe(`moto killed and restarted under a config client (${subject.name})`, () => {
    let moto: MotoServer
    const cleanups: (() => Promise<unknown> | unknown)[] = []

    beforeAll(async () => {
      moto = await startMoto()
    })
    afterAll(async () => {
      await moto?.stop()
    })
    beforeEach(async () => {
      // Whatever the last test left: moto dead, or paused by a test that failed before killing it.
      if (!moto.running()) await moto.restart()
      moto.resume()
      const response = await fetch(`${moto.url}/moto-api/reset`, {
        method: 'POST',
        signal: AbortSignal.timeout(5_000),
      })
      expect(response.status).toBe(200)
    })
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
    })

    /** A backend on moto with its own client, recording the HTTP requests it sends. */
    function backendOnMoto() {
      const handler = new RecordingHandler()
      const backend = subject.backend({
        endpoint: moto.url,
        region: 'us-east-1',
        credentials,
        requestHandler: handler,
      })
      cleanups.push(() => backend.close?.())
      return { backend, handler }
    }

    /**
     * Writes `version:name` under each name, through a backend of its own (not the config client's).
     * Resolves to when the first write was answered: moto then serves the service (its first request to a
     * service after a start loads that service's code, which takes moto a second or two for SSM).
     */
    async function seed(version: string, names: readonly string[]): Promise<number> {
      const { backend } = backendOnMoto()
      const put = (name: string) => backend.put(name, value(version, name), { overwrite: true })
      await put(names[0]!)
      const answering = performance.now()
      for (let i = 1; i < names.length; i += 8) await Promise.all(names.slice(i, i + 8).map(put))
      await backend.close?.()
      return answering
    }

    function configOn(backend: Backend, service: string) {
      const config = createConfig({
        backend,
        env: 'prod',
        service,
        cache,
        timeouts,
        circuit,
        concurrency,
      })
      cleanups.push(() => config.close())
      const events: { at: number; event: CircuitEvent }[] = []
      config.on('circuit', (event) => events.push({ at: performance.now(), event }))
      return { config, events }
    }

    const keys = (service: string, level: string, count: number) =>
      Array.from({ length: count }, (_, i) => ({
        key: `${level}/k${i}`,
        name: `/prod/${service}/${level}/k${i}`,
      }))

    /**
     * Starts moto again on the same port, re-seeds it with `v2` values, and reads until they are back.
     * Until it is re-seeded only a canary key (never seeded) is read: the circuit goes on probing, so it
     * must close within a probe interval of moto answering, and no read of a seeded key can meet the empty
     * moto (it would find the key gone). The loads of the outage are waited out first (a load retries
     * until its readMs deadline) for the same reason. Asserts that the canary fails typed while moto is
     * dead and as NotFound once the circuit closed; that no read fails once it closed; that warm keys turn
     * to their v2 value (stale v1 until then) and never back; and that cold keys answer v2.
     */
    async function restartAndRecover(
      config: ConfigClient,
      events: { at: number; event: CircuitEvent }[],
      warm: { key: string; name: string }[],
      cold: { key: string; name: string }[],
    ) {
      const nameOf = (key: string) => [...warm, ...cold].find((k) => k.key === key)!.name
      const canary = new ReadStream(config, [], ['canary'])
      let stream: ReadStream | undefined
      try {
        await sleep(timeouts.readMs + 100)
        const restartStart = performance.now()
        await moto.restart()
        const listening = performance.now()
        const answering = await seed(
          'v2',
          [...warm, ...cold].map((k) => k.name),
        )
        const seeded = performance.now()
        stream = new ReadStream(
          config,
          warm.map((k) => k.key),
          cold.map((k) => k.key),
        )
        const reads = stream.reads
        const v2At = new Map<string, number>()
        await until(
          () => {
            for (const read of reads) {
              if (read.kind !== 'warm' || read.values?.[0] !== value('v2', nameOf(read.keys[0]!))) continue
              const at = v2At.get(read.keys[0]!)
              if (at === undefined || read.endedAt! < at) v2At.set(read.keys[0]!, read.endedAt!)
            }
            return v2At.size === warm.length
          },
          circuit.probeMs + cache.ttl + RECOVERY_SLACK,
          'every warm key read as its re-seeded value',
        )
        const recovered = performance.now()
        await sleep(300)
        await Promise.all([stream.stop(), canary.stop()])

        // The circuit closed once moto was back (never while it was dead), within a probe interval of moto
        // serving the service; a probe sent while moto was still loading it may have timed out first
        // (callMs), opening the circuit for another interval.
        const closed = events.find((e) => e.at >= restartStart && e.event.state === 'closed')
        expect(closed, 'the circuit did not close once moto was back').toBeDefined()
        const closedAt = closed!.at
        expect(closedAt).toBeGreaterThan(restartStart)
        const closeMs = closedAt - answering // negative when a probe closed it before the first write was back
        expect(closeMs).toBeLessThanOrEqual(timeouts.callMs + circuit.probeMs + RECOVERY_SLACK)
        expect(config.stats().policy.circuit).toBe('closed')
        const allV2Ms = Math.max(...v2At.values()) - seeded
        expect(allV2Ms).toBeLessThanOrEqual(circuit.probeMs + cache.ttl + RECOVERY_SLACK)

        for (const read of [...canary.reads, ...reads])
          expect(
            read.endedAt! - read.startedAt,
            `${read.kind} ${read.keys} started ${Math.round(read.startedAt - restartStart)} ms after the restart began (moto answering at ${Math.round(listening - restartStart)}), ${read.error ? `${(read.error as { code?: string }).code}: ${read.error.message}` : read.values}`,
          ).toBeLessThanOrEqual(timeouts.readMs + SETTLE_SLACK)
        for (const read of canary.reads) {
          if (read.endedAt! < restartStart) expectOutageError(read)
          if (read.startedAt >= closedAt) expect((read.error as { code?: string })?.code).toBe('NOT_FOUND')
        }
        expect(canary.reads.filter((r) => r.startedAt >= closedAt).length).toBeGreaterThan(0)

        for (const read of reads) {
          if (read.startedAt >= closedAt)
            expect(read.error, `${read.keys} after the circuit closed`).toBe(undefined)
          for (const [i, key] of read.keys.entries()) {
            const got = read.values?.[i]
            if (got === undefined) continue
            const v2 = value('v2', nameOf(key))
            // A warm key answers its old value (stale) until its reload is back, then never again.
            if (read.kind === 'cold' || read.startedAt >= (v2At.get(key) ?? Number.POSITIVE_INFINITY))
              expect(got).toBe(v2)
            else expect([value('v1', nameOf(key)), v2]).toContain(got)
          }
          if (read.startedAt >= recovered)
            expect(read.values).toEqual(read.keys.map((k) => value('v2', nameOf(k))))
        }
        expect(reads.filter((r) => r.kind === 'cold' && r.startedAt >= closedAt).length).toBeGreaterThan(0)
        return {
          restartMs: Math.round(listening - restartStart),
          serviceMs: Math.round(answering - listening),
          closeMs: Math.round(closeMs),
          allV2Ms: Math.round(allV2Ms),
        }
      } finally {
        await Promise.all([stream?.stop(), canary.stop()])
      }
    }

    it('during the outage every read settles in time with a stale value or a typed error, the circuit keeps calls to a probe per interval, and reads recover after the restart', async () => {
      const service = 'restart'
      const warm = keys(service, 'warm', 6)
      const coldHealthy = keys(service, 'cold-healthy', 10)
      const coldOutage = keys(service, 'cold-outage', 20)
      await seed(
        'v1',
        [...warm, ...coldHealthy, ...coldOutage].map((k) => k.name),
      )
      const { backend, handler } = backendOnMoto()
      const { config, events } = configOn(backend, service)
      expect(await config.getMany(warm.map((k) => k.key))).toEqual(
        Object.fromEntries(warm.map((k) => [k.key, value('v1', k.name)])),
      )

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
        await moto.kill('SIGKILL')
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
        expect(cold.length, 'too few cold reads for the call count to mean anything').toBeGreaterThanOrEqual(
          100,
        )
        for (const read of outageReads) {
          if (read.kind === 'cold') expectOutageError(read)
          else {
            expect(read.error, `${read.keys} during the outage`).toBe(undefined)
            expect(read.values).toEqual(
              read.keys.map((k) => value('v1', warm.find((w) => w.key === k)!.name)),
            )
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
        expect(sent.length).toBeLessThanOrEqual(calls * subject.commandsPerCall)
        for (const request of sent) expect([...TRANSPORT]).toContain(request.failure)

        const recovery = await restartAndRecover(config, events, warm, coldOutage)
        console.log(
          `[moto-restart ${subject.name}] outage ${Math.round(outageMs)} ms: ${outageReads.length} reads (${cold.length} cold), ` +
            `settle max ${settled.max} ms (outage reads ${settleTimes(outageReads).max} ms), ` +
            `${calls} backend calls / ${sent.length} HTTP requests, ${probes} probes, circuit opened ` +
            `${Math.round(opened!.at - killedAt)} ms after the kill; restart ${recovery.restartMs} ms, ` +
            `moto serving ${recovery.serviceMs} ms later, circuit closed ${recovery.closeMs} ms after that, every warm key v2 ${recovery.allV2Ms} ms after the re-seed`,
        )
      } finally {
        await stream.stop()
      }
    })

    it('calls in flight when moto is killed fail as connection resets; the reads settle in time, and recover after the restart', async () => {
      const service = 'in-flight'
      const warm = keys(service, 'warm', 2)
      const cold = keys(service, 'cold', 9)
      await seed(
        'v1',
        [...warm, ...cold].map((k) => k.name),
      )
      const { backend, handler } = backendOnMoto()
      const { config, events } = configOn(backend, service)
      await config.getMany(warm.map((k) => k.key))
      await sleep(cache.ttl + 50) // the warm keys go stale: a read reloads them

      // Paused, moto accepts connections (the kernel does) and never answers: the calls stay in flight.
      moto.pause()
      const callsBefore = config.stats().backendCalls
      const requestsBefore = handler.requests.length
      const reads: Read[] = []
      const pending: Promise<void>[] = []
      const track = (kind: Read['kind'], key: string) => {
        const read: Read = { kind, keys: [key], startedAt: performance.now() }
        reads.push(read)
        pending.push(
          config.get(key).then(
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
      await moto.kill('SIGKILL')
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

      const recovery = await restartAndRecover(config, events, warm, cold)
      console.log(
        `[moto-restart ${subject.name}] in flight at the kill: ${inFlight.length} HTTP requests, reset within ${Math.round(resetMs)} ms; ` +
          `settle max ${settled.max} ms; read causes ${[...new Set(causes)].join('/')}; restart ${recovery.restartMs} ms, ` +
          `moto serving ${recovery.serviceMs} ms later, circuit closed ${recovery.closeMs} ms after that, every warm key v2 ${recovery.allV2Ms} ms after the re-seed`,
      )
    })
  })
}
