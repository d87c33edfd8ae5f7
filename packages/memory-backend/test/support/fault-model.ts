// The model of cache-model-faults.test.ts: what the config client may answer while the memory backend
// hangs, refuses, throttles or slows down, and the checks made on every read and at the end of every round.
import { type ConfigClient, isParamkitError, type TimeoutError } from '@paramkit/core'
import { changeFeedOf } from '@paramkit/core/backend'
import type { FaultMode, MemoryBackend, SeedData } from '@paramkit/memory-backend'
import { causes, History, leaves, sleep } from './model.js'
import { syncRead } from './sync-read.js'

/** Relative keys under `/app`; `sec` is a JSON secret whose two fields always hold the same version. */
export const KEYS = ['a', 'b', 'c', 'd/e', 'd/f', 'g/h/i', 'j', 'sec']
const SECRET = '/app/sec'
/** Calls in flight at once per backend object (the call policy's DEFAULT_CONCURRENCY). */
export const SLOTS = 4
/** The least the throttle rate falls to (ThrottleRate's floor), in calls/s: a call waits at most 2 s for its turn. */
export const RATE_FLOOR = 0.5
/** Virtual ms a bounded read may take past its budget (timers fire on the exact virtual ms). */
export const SLACK_MS = 10

export type ReadOp =
  | { kind: 'get' | 'refresh'; key: string; at: number }
  | { kind: 'getMany'; keys: string[]; at: number }
  | { kind: 'fields' | 'missing' | 'cold' | 'tree' | 'load'; at: number }
  /** A sync read (`getSync`; `getSecretSync` for the secret); with `preload`, right after `await preload([key])`. */
  | { kind: 'getSync'; key: string; at: number; preload: boolean }

export type FaultOp =
  | ReadOp
  | { kind: 'invalidate' | 'write' | 'change'; key: string; at: number }
  /** close(); with `onProbe`, as soon as the circuit goes half-open (a probe in flight), if it does within 300 ms. */
  | { kind: 'close'; at: number; onProbe?: boolean }
  | { kind: 'mode'; mode: FaultMode; at: number }

export interface FaultScenario {
  rounds: { mode: FaultMode; ops: FaultOp[]; advance: number }[]
  close: { round: number; at: number; onProbe: boolean } | null
  timeouts: { callMs: number; readMs: number; staleMs: number; loadMs: number }
  cache: { ttl: number; staleWhileRevalidate: number; maxStale: number }
  circuit: { failures: number; probeMs: number }
  budget: { floor: number; ratio: number }
  burst: { mode: FaultMode; gaps: number[] }
}

export interface Policy {
  callMs: number
  readMs: number
  loadMs: number
  probeMs: number
}

type CircuitState = 'closed' | 'open' | 'half-open'
const LEGAL: Record<CircuitState, CircuitState[]> = {
  closed: ['open'],
  open: ['half-open'],
  'half-open': ['closed', 'open'],
}

const transportCause = (error: unknown) =>
  causes(error)
    .slice(1)
    .some((c) => {
      const code = (c as { code?: unknown }).code
      return code === 'ECONNREFUSED' || (isParamkitError(c) && code === 'TIMEOUT')
    })

export class FaultModel {
  readonly history = new History()
  /** Fault kinds the backend has been in so far ('hang', 'refuse', 'throttle', 'slow'). */
  private readonly seen = new Set<string>()
  private readonly violations: string[] = []
  private current: ConfigClient
  private closedAt: number | undefined
  private callsAtClose = 0
  private readonly inFlight = new Set<{ label: string; done: boolean }>()
  private circuit!: { state: CircuitState; openedAt: number; opens: number; baseOpens: number }
  /** Whether the backend could have answered a call (healthy, slow or throttling) since the circuit went half-open. */
  private answerable = true
  private colds = 0
  /** Waiting for the circuit to go half-open. */
  private halfOpen: ((value: unknown) => void)[] = []
  private mode: FaultMode = 'healthy'
  readonly backend: MemoryBackend
  readonly errors = new Map<string, number>()
  reads = 0
  syncReads = 0
  syncValues = 0
  /** Invalidations and closes so far: a sync read right after a preload with none between must find its key. */
  invalidations = 0
  opens = 0
  /** Cold reads made while the circuit was open with no probe due (each checked to fail fast). */
  openColdReads = 0

  constructor(
    private readonly policy: Policy,
    private readonly allowanceMs: number,
    makeBackend: (seed: SeedData) => MemoryBackend,
    private readonly makeClient: (backend: MemoryBackend) => ConfigClient,
  ) {
    const seed: SeedData = {}
    for (const k of KEYS) seed[`/app/${k}`] = this.value(`/app/${k}`)
    this.backend = makeBackend(seed)
    this.current = this.subscribe(makeClient(this.backend))
  }

  client(): ConfigClient {
    return this.current
  }

  fail(message: string): void {
    this.violations.push(`t=${Date.now()}: ${message}`)
  }

  /** Calls that read the backend (get, getMany, list pages). */
  readCalls(): number {
    const { get, getMany, list } = this.backend.stats().calls
    return get + getMany + list
  }

  setMode(mode: FaultMode): void {
    this.backend.setFaultMode(mode)
    this.mode = mode
    if (mode !== 'hang' && mode !== 'refuse') this.answerable = true
    if (mode !== 'healthy') this.seen.add(typeof mode === 'object' ? 'slow' : mode)
  }

  /** A new client of the same backend object (sharing its circuit, rate and budget) once this one closed. */
  reopen(): ConfigClient {
    if (this.closedAt === undefined) return this.current
    if (this.readCalls() !== this.callsAtClose)
      this.fail(`the closed client made ${this.readCalls() - this.callsAtClose} calls after close()`)
    const { state: before, openedAt } = this.circuit
    const closedAt = this.closedAt
    this.closedAt = undefined
    this.current = this.subscribe(this.makeClient(this.backend))
    // Still open since before (or reopened by the probe close() cut short): the probe is due as it was.
    if (this.circuit.state === 'open') this.circuit.openedAt = before === 'open' ? openedAt : closedAt
    // No client was left to hear it, but the shared circuit must not have closed without an answer either.
    if (before !== 'closed' && this.circuit.state === 'closed' && !this.answerable)
      this.fail(`the circuit went from ${before} to closed while no client was open and no call was answered`)
    return this.current
  }

  /** Checked on every step of the driver: hung calls hold call slots, so never more than SLOTS hang. */
  step(): void {
    const { hung } = this.backend.stats()
    if (hung > SLOTS) this.fail(`${hung} calls hang at once, more than ${SLOTS} call slots`)
  }

  /** The circuit as `stats()` reports it agrees with its events, the rate is above its floor; throws everything found so far. */
  endRound(label: string): void {
    if (this.closedAt === undefined) {
      const { circuit, circuitOpens, rate } = this.current.stats().policy
      if (rate !== null && rate < RATE_FLOOR)
        this.fail(`the throttle rate fell to ${rate} calls/s, below its floor of ${RATE_FLOOR}`)
      if (circuit !== this.circuit.state)
        this.fail(`stats() says the circuit is ${circuit}, its last event said ${this.circuit.state}`)
      if (circuitOpens !== this.circuit.baseOpens + this.circuit.opens)
        this.fail(`stats() counts ${circuitOpens} opens, the events ${this.circuit.opens}`)
    }
    if (this.violations.length > 0) throw new Error(`${label}:\n${this.violations.join('\n')}`)
  }

  async run(o: FaultOp): Promise<void> {
    switch (o.kind) {
      case 'mode':
        return this.setMode(o.mode)
      case 'invalidate':
        this.invalidations++
        return this.current.invalidate(o.key)
      case 'change':
        // A change event for the name (as a change feed delivers it): reloads it, never throws.
        await changeFeedOf(this.current)!.apply({ name: `/app/${o.key}`, kind: 'updated' })
        return
      case 'write':
        return this.write(`/app/${o.key}`)
      case 'close':
        if (o.onProbe) await Promise.race([new Promise((r) => this.halfOpen.push(r)), sleep(300)])
        return this.close()
      default:
        await this.read(o)
    }
  }

  /** One read, checked: it settles within its budget, with a value the model allows or an allowed error. */
  async read(o: ReadOp): Promise<{ ok: boolean; value?: unknown; code?: string }> {
    const client = this.current
    const closed = this.closedAt !== undefined
    const t0 = Date.now()
    const { state, openedAt } = this.circuit
    const openNoProbe = !closed && state === 'open' && t0 - openedAt < this.policy.probeMs
    if (openNoProbe && o.kind === 'cold') this.openColdReads++
    const label = `${o.kind}${'key' in o ? ` ${o.key}` : ''}${'keys' in o ? ` ${o.keys.join(',')}` : ''}`
    const flight = { label, done: false }
    this.inFlight.add(flight)
    this.reads++
    let error: unknown
    const check: ((t1: number) => void)[] = []
    let value: unknown
    try {
      check.push(...(await this.perform(o, client, t0, (v) => (value = v))))
    } catch (e) {
      error = e
    }
    flight.done = true
    this.inFlight.delete(flight)
    const t1 = Date.now()
    // refresh() is not held to readMs as reads are: its batch may wait for a probe in flight (up to callMs).
    const budget =
      o.kind === 'tree' || o.kind === 'load'
        ? this.policy.loadMs
        : this.policy.readMs + (o.kind === 'refresh' ? this.policy.callMs : 0)
    if (t1 - t0 > budget + SLACK_MS) this.fail(`${label} took ${t1 - t0} ms, over its ${budget} ms budget`)
    if (error === undefined) {
      for (const c of check) c(t1)
      if (closed && o.kind !== 'refresh') this.fail(`${label} succeeded on a closed client`)
      if (o.kind === 'cold' && openNoProbe) this.fail(`${label} answered while the circuit was open`)
      return { ok: true, value }
    }
    const code = isParamkitError(error) ? error.code : 'not a paramkit error'
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1)
    this.checkError(label, error, t1, o)
    if (closed && code !== 'CLOSED') this.fail(`${label} on a closed client failed with ${code}, not CLOSED`)
    if (o.kind === 'cold' && openNoProbe && code !== 'CLOSED') {
      // Open, no probe due, nothing stale to serve: a fast BackendUnavailable carrying the transport error.
      if (code !== 'BACKEND_UNAVAILABLE' || !transportCause(error))
        this.fail(
          `${label} while the circuit was open failed with ${code}: ${(error as Error).message}; causes: ${causes(
            error,
          )
            .slice(1)
            .map((c) => (c as Error)?.message ?? String(c))
            .join(' <- ')}`,
        )
      if (t1 > t0) this.fail(`${label} while the circuit was open took ${t1 - t0} ms to fail`)
    }
    return { ok: false, code }
  }

  /** Whether `value`, read from `key`, is the key's latest value. */
  isLatest(key: string, value: unknown): boolean {
    const name = `/app/${key}`
    const text = name === SECRET ? (JSON.parse(String(value)) as { u: string }).u : value
    return text === this.history.latest(name)
  }

  /** Performs the read; returns the checks of its values, to make once the read's end time is known. */
  private async perform(
    o: ReadOp,
    client: ConfigClient,
    t0: number,
    got: (value: unknown) => void,
  ): Promise<((t1: number) => void)[]> {
    const value = (k: string, v: unknown) => (t1: number) => this.checkValue(`/app/${k}`, v, t0, t1)
    if (o.kind === 'getSync') {
      this.syncReads++
      const v = await syncRead(this, client, o, got)
      this.syncValues++
      return [value(o.key, v)]
    }
    switch (o.kind) {
      case 'get': {
        const v = await read(client, o.key)
        got(v)
        return [value(o.key, v)]
      }
      case 'getMany': {
        // Secrets come only through getSecret: the plain keys in one getMany, the secret beside it.
        const plain = o.keys.filter((k) => `/app/${k}` !== SECRET)
        const [values, secret] = await Promise.all([
          client.getMany(plain),
          plain.length < o.keys.length ? read(client, 'sec') : undefined,
        ])
        return o.keys.map((k) => value(k, `/app/${k}` === SECRET ? secret : values[k]))
      }
      case 'fields': {
        const [u, p] = await Promise.all([read(client, 'sec#u'), read(client, 'sec#p')])
        return [value('sec', JSON.stringify({ u, p }))]
      }
      case 'missing':
      case 'cold': {
        // A cold name lies outside /app, so no cached listing of /app can prove it absent without a call.
        const found = await client.getOptional(o.kind === 'cold' ? `/cold/${this.colds++}` : 'none')
        return [() => found !== undefined && this.fail(`${o.kind} read found ${found}`)]
      }
      case 'tree':
      case 'load':
        return leaves(await (o.kind === 'tree' ? client.getTree() : client.load()), '/app').map(
          ([name, v]) =>
            (t1: number) =>
              this.checkValue(name, v, t0, t1),
        )
      case 'refresh': {
        // refresh() reports failures in its event rather than throwing; on a closed client every name fails.
        const closed = this.closedAt !== undefined
        const { names, failed } = await client.refresh(o.key)
        return [() => closed && failed !== names.length && this.fail(`refresh after close() reloaded a name`)]
      }
    }
  }

  /** A value must have been the name's within [t0 - allowance, t1]; the secret's fields never tear. */
  private checkValue(name: string, value: unknown, t0: number, t1: number): void {
    let text = typeof value === 'string' ? value : undefined
    if (name === SECRET && text !== undefined) {
      const { u, p } = JSON.parse(text) as { u?: string; p?: string }
      if (u !== p) this.fail(`${name} tore: fields ${u} and ${p} in one read`)
      text = u
    }
    if (text === undefined || !this.history.heldWithin(name, text, t0 - this.allowanceMs, t1))
      this.fail(`read ${name} = ${String(text)} in [${t0}, ${t1}], not held within ${this.allowanceMs} ms`)
  }

  private checkError(label: string, error: unknown, t1: number, o: ReadOp): void {
    if (!isParamkitError(error)) {
      this.fail(`${label} failed with ${String(error)}`)
      return
    }
    const ok = (() => {
      switch (error.code) {
        case 'CLOSED':
          return this.closedAt !== undefined && this.closedAt <= t1
        case 'THROTTLED':
          return this.seen.has('throttle')
        case 'TIMEOUT': {
          const { budget, ms } = error as TimeoutError
          const slowed = ['hang', 'slow', 'throttle'].some((k) => this.seen.has(k))
          return slowed && budget !== undefined && ms === this.policy[budget]
        }
        case 'NOT_LOADED':
          // Never loaded, invalidated, or past maxStale with no failed reload; never right after its preload.
          return o.kind === 'getSync' && !(o as { loaded?: boolean }).loaded
        case 'BACKEND_UNAVAILABLE':
          return this.seen.size > 0 && error.cause !== undefined
        default:
          return false
      }
    })()
    if (!ok)
      this.fail(`${label} failed with ${error.code} (faults so far: ${[...this.seen]}): ${error.message}`)
  }

  private value(name: string): string | { type: 'Secret'; value: string } {
    const v = this.history.write(name, Date.now())
    return name === SECRET ? { type: 'Secret', value: JSON.stringify({ u: v, p: v }) } : v
  }

  /** A write lands when the call arrives (round-trip latency) if the backend is healthy or slow; else it fails. */
  private async write(name: string): Promise<void> {
    if (this.mode !== 'healthy' && typeof this.mode !== 'object') return
    const v = this.value(name)
    if (typeof v === 'string') await this.backend.put(name, v, { overwrite: true })
    else await this.backend.put(name, v.value, { type: 'Secret', overwrite: true })
  }

  /** close() mid-run: pending reads are rejected at once, calls in flight aborted, no call made after. */
  private async close(): Promise<void> {
    const pending = [...this.inFlight]
    this.closedAt = Date.now()
    this.invalidations++
    this.callsAtClose = this.readCalls()
    await this.current.close()
    await new Promise<void>((resolve) => setImmediate(resolve))
    for (const read of pending) if (!read.done) this.fail(`${read.label} still pending after close()`)
    if (Date.now() !== this.closedAt) this.fail(`close() took ${Date.now() - this.closedAt} ms`)
    if (this.backend.stats().hung !== 0) this.fail(`${this.backend.stats().hung} calls hang after close()`)
    this.callsAtClose = this.readCalls()
  }

  private subscribe(client: ConfigClient): ConfigClient {
    const { circuit, circuitOpens } = client.stats().policy
    this.circuit = { state: circuit, openedAt: Number.NEGATIVE_INFINITY, opens: 0, baseOpens: circuitOpens }
    client.on('circuit', (e) => {
      if (!LEGAL[this.circuit.state].includes(e.state))
        this.fail(`the circuit went ${this.circuit.state} → ${e.state}`)
      this.circuit.state = e.state
      // Only an answer closes the circuit: a probe that hung or was refused, or was cut short, proves nothing.
      if (e.state === 'half-open') {
        this.answerable = this.mode !== 'hang' && this.mode !== 'refuse'
        for (const wake of this.halfOpen.splice(0)) wake(undefined)
      }
      if (e.state === 'closed' && !this.answerable)
        this.fail('the circuit closed, but the backend has hung or refused every call since its probe began')
      if (e.state !== 'open') return
      this.circuit.openedAt = Date.now()
      this.circuit.opens++
      this.opens++
      if (!transportCause({ cause: e.cause }))
        this.fail(`the circuit opened with cause ${String(e.cause)}, not a transport failure`)
    })
    return client
  }
}

/** A key's text: a secret's through getSecret and reveal(), since get refuses secrets. */
async function read(client: ConfigClient, key: string): Promise<string> {
  return key.startsWith('sec') ? (await client.getSecret(key)).reveal() : client.get(key)
}
