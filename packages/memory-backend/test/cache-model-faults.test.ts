// The concurrent model test of the config client, with the call policy under fire: the memory backend
// hangs, refuses, throttles, slows down and heals while reads (async, and sync after a preload or not),
// loads, listings, refreshes, change events, invalidations, writes and a close() run concurrently. fc.scheduler() orders the operations and the backend's answers; vitest's
// fake clock holds every timeout, probe interval, backoff and budget window, so a run takes virtual seconds
// in real milliseconds. Each run checks every read against the model (see `FaultModel`), then heals the
// backend (every key readable again within the lockout bound) and spends a burst of failures against the
// retry budget. Set PARAMKIT_MODEL_SEED to replay a reported failure.
import { createConfig } from '@paramkit/core'
import { type FaultMode, memoryBackend } from '@paramkit/memory-backend'
import fc from 'fast-check'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  FaultModel,
  type FaultOp,
  type FaultScenario,
  KEYS,
  type Policy,
  RATE_FLOOR,
} from './support/fault-model.js'
import { Driver, sleep } from './support/model.js'

const SEED = Number(process.env.PARAMKIT_MODEL_SEED ?? 2_022_026)
const RUNS = Number(process.env.PARAMKIT_MODEL_RUNS ?? 300)

/** A call waits at most this long for its turn at the throttle rate. */
const RATE_FLOOR_GAP = 1000 / RATE_FLOOR
/** Reads in the recovery phase start this often (virtual ms). */
const POLL_MS = 20

const key = fc.constantFrom(...KEYS)
const at = fc.oneof(fc.nat(60), fc.nat(400))
const mode: fc.Arbitrary<FaultMode> = fc.oneof(
  fc.constantFrom<FaultMode>('healthy', 'hang', 'refuse', 'throttle'),
  fc.integer({ min: 5, max: 60 }).map((slow): FaultMode => ({ slow })),
)
const op: fc.Arbitrary<FaultOp> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('get' as const), key, at }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('getMany' as const),
      keys: fc.uniqueArray(key, { minLength: 2, maxLength: 5 }),
      at,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom(
        'fields' as const,
        'missing' as const,
        'cold' as const,
        'tree' as const,
        'load' as const,
      ),
      at,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom('refresh' as const, 'invalidate' as const, 'change' as const),
      key,
      at,
    }),
  },
  // Sync reads, alone or right after their own preload.
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('getSync' as const), key, at, preload: fc.boolean() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('write' as const), key, at }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('mode' as const), mode, at }) },
)

const scenario: fc.Arbitrary<FaultScenario> = fc.record({
  rounds: fc.array(
    fc.record({ mode, ops: fc.array(op, { minLength: 1, maxLength: 10 }), advance: fc.nat(300) }),
    { minLength: 1, maxLength: 5 },
  ),
  /** close() during a round: the rest of the run uses a new client of the same backend object. */
  close: fc.oneof(
    { weight: 3, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.record({ round: fc.nat(4), at, onProbe: fc.boolean() }) },
  ),
  timeouts: fc.record({
    callMs: fc.constantFrom(10, 20, 40),
    readMs: fc.constantFrom(20, 40, 80),
    staleMs: fc.constantFrom(5, 10),
    loadMs: fc.constantFrom(60, 120),
  }),
  cache: fc.record({
    ttl: fc.integer({ min: 20, max: 200 }),
    staleWhileRevalidate: fc.constantFrom(0, 50),
    maxStale: fc.constantFrom(0, 100, 1000),
  }),
  circuit: fc.record({ failures: fc.constantFrom(2, 5, 1000), probeMs: fc.constantFrom(50, 150, 400) }),
  budget: fc.record({ floor: fc.constantFrom(0, 2, 10), ratio: fc.constantFrom(0, 0.2, 0.5) }),
  burst: fc.record({
    mode: fc.constantFrom<FaultMode>('refuse', 'hang', 'throttle', { slow: 50 }),
    gaps: fc.array(fc.oneof(fc.nat(10), fc.nat(450)), { minLength: 5, maxLength: 20 }),
  }),
})

interface Totals {
  runs: number
  reads: number
  errors: Map<string, number>
  opens: number
  openColdReads: number
  closes: number
  recoveryMs: number[]
  burstCalls: number
  syncReads: number
  syncValues: number
}

async function runScenario(s: fc.Scheduler, sc: FaultScenario, totals: Totals): Promise<void> {
  const driver = new Driver(s)
  const policy: Policy = { ...sc.timeouts, probeMs: sc.circuit.probeMs }
  // A value may be as old as the TTL, the stale windows and one slow call (read when the call arrived).
  const allowance =
    sc.cache.ttl + Math.max(sc.cache.staleWhileRevalidate, sc.cache.maxStale) + sc.timeouts.callMs + 1
  const model = new FaultModel(
    policy,
    allowance,
    (seed) =>
      memoryBackend({
        seed,
        faults: { latency: { fixed: 1, mode: 'round-trip' } },
        // The scheduler decides when an answer comes back; a slow mode's extra time passes on the fake clock.
        sleep: (ms) =>
          s.schedule(Promise.resolve(), 'answer').then(() => (ms > 1 ? sleep(ms - 1) : undefined)),
      }),
    (backend) =>
      createConfig({
        backend,
        prefix: '/app',
        cache: { ...sc.cache, jitter: 0, negativeTtl: 30, clock: { now: () => Date.now() } },
        timeouts: sc.timeouts,
        circuit: sc.circuit,
        retry: { baseDelayMs: 1, maxDelayMs: 20, budgetFloor: sc.budget.floor, budgetRatio: sc.budget.ratio },
      }),
  )
  const { backend } = model
  const step = () => model.step()

  for (const [index, round] of sc.rounds.entries()) {
    model.reopen()
    model.setMode(round.mode)
    const ops: FaultOp[] = [...round.ops]
    if (sc.close && sc.close.round % sc.rounds.length === index) ops.push({ kind: 'close', ...sc.close })
    const runs = ops.map(async (o) => {
      await sleep(o.at)
      await s.schedule(Promise.resolve(), o.kind)
      await model.run(o)
    })
    const pending = await driver.settle(runs, 10_000, step)
    if (pending.length > 0)
      model.fail(`round ${index}: ${pending.map((i) => ops[i]!.kind).join(', ')} never settled`)
    model.endRound(`round ${index}`)
    await driver.pass(round.advance, step)
  }

  /**
   * Healed, and every key written anew: within the lockout bound, a read of every key returns its new
   * value, so none stays behind a hung load and the throttle rate and the circuit let calls through again.
   * The bound: a call waits at most 2 s for its turn, a probe at most a failed call and probeMs, a fresh
   * value is served until its TTL ends, and a call slot is free within a call's budget.
   */
  async function heal(label: string): Promise<void> {
    model.setMode('healthy')
    model.reopen()
    const healedAt = Date.now()
    const writes = KEYS.map((k) => model.run({ kind: 'write', key: k, at: 0 }))
    await driver.settle(writes, 10_000, step)
    const bound =
      Math.max(RATE_FLOOR_GAP, sc.cache.ttl, policy.probeMs + policy.callMs) +
      policy.callMs +
      2 * POLL_MS +
      10
    let recovered: number | undefined
    let last = ''
    while (recovered === undefined && Date.now() - healedAt <= bound) {
      const polls = KEYS.map((k) => model.read({ kind: 'get', key: k, at: 0 }))
      const pending = await driver.settle(polls, 10_000, step)
      if (pending.length > 0) model.fail(`${label}: ${pending.map((i) => KEYS[i]).join(', ')} never settled`)
      model.endRound(label)
      const outcomes = await Promise.all(polls)
      const latest = outcomes.map((r, i) => r.ok && model.isLatest(KEYS[i]!, r.value))
      if (latest.every(Boolean)) recovered = Date.now() - healedAt
      else await driver.pass(POLL_MS, step)
      last = outcomes.map((r, i) => `${KEYS[i]}: ${latest[i] ? 'new' : (r.code ?? 'old value')}`).join(', ')
    }
    if (recovered === undefined)
      model.fail(`${label}: no read of every key returned its new value within ${bound} ms (last: ${last})`)
    // Every call still hanging is aborted by its own timeout.
    await driver.pass(Math.max(policy.callMs, policy.loadMs) + 1, step)
    if (backend.stats().hung !== 0) model.fail(`${label}: ${backend.stats().hung} calls still hang`)
    model.endRound(label)
    totals.recoveryMs.push(recovered!)
  }

  await heal('healed after the rounds')

  // A burst of cold reads against a failing backend, with the budget's 10 s window empty before it: each
  // read makes at most one first attempt (one name, one batch), so the calls are at most the reads plus
  // floor + ceil(ratio × reads) retries. A read's calls end with it (its batch has its deadline).
  await driver.pass(10_001, step)
  const before = model.readCalls()
  model.setMode(sc.burst.mode)
  let offset = 0
  const burst = sc.burst.gaps.map((gap) => {
    offset += gap
    return sleep(offset).then(() => model.read({ kind: 'cold', at: 0 }))
  })
  if ((await driver.settle(burst, 10_000, step)).length > 0) model.fail('a read of the burst never settled')
  const calls = model.readCalls() - before
  const reads = sc.burst.gaps.length
  const allowed = reads + sc.budget.floor + Math.ceil(sc.budget.ratio * reads)
  if (calls > allowed)
    model.fail(
      `a burst of ${reads} cold reads (${JSON.stringify(sc.burst.mode)}) made ${calls} calls, over ${allowed}`,
    )
  model.endRound('burst')
  totals.burstCalls += calls
  await heal('healed after the burst')

  await model.client().close()
  if (backend.stats().hung !== 0) model.fail(`${backend.stats().hung} calls still hang after close()`)
  model.endRound('end')
  totals.runs++
  totals.reads += model.reads
  totals.opens += model.opens
  totals.openColdReads += model.openColdReads
  totals.closes += sc.close ? 1 : 0
  totals.syncReads += model.syncReads
  totals.syncValues += model.syncValues
  for (const [code, n] of model.errors) totals.errors.set(code, (totals.errors.get(code) ?? 0) + n)
}

describe('the config client under faults, against a model', () => {
  beforeAll(async () => {
    // The first client of a process imports the optional OpenTelemetry API in real time.
    const warm = createConfig({ backend: memoryBackend({ seed: { '/x': '1' } }) })
    await warm.get('/x')
    await warm.close()
  })
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('every read settles in budget with an allowed outcome; the circuit, the lockout and the retry budget hold', async () => {
    const totals: Totals = {
      runs: 0,
      reads: 0,
      errors: new Map(),
      opens: 0,
      openColdReads: 0,
      closes: 0,
      recoveryMs: [],
      burstCalls: 0,
      syncReads: 0,
      syncValues: 0,
    }
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), scenario, (s, sc) => runScenario(s, sc, totals)),
      { seed: SEED, numRuns: RUNS },
    )
    const errors = [...totals.errors].map(([code, n]) => `${n} ${code}`).join(', ')
    // Sync reads ran, and some of them answered (a run where every one failed would prove nothing).
    expect(totals.syncReads).toBeGreaterThan(RUNS)
    expect(totals.syncValues).toBeGreaterThan(RUNS / 2)
    console.log(
      `faults model: ${totals.runs} runs (seed ${SEED}), ${totals.reads} reads (errors: ${errors}), ` +
        `${totals.opens} circuit opens, ${totals.openColdReads} cold reads while open, ` +
        `${totals.closes} mid-run closes, ${totals.syncReads} sync reads (${totals.syncValues} answered), recovery max ` +
        `${Math.max(...totals.recoveryMs)} ms, ${totals.burstCalls} calls in bursts`,
    )
  }, 120_000)
})
