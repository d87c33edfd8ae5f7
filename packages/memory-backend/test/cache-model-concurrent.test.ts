// A concurrent model-based test of the config client over the memory backend. Each run is a few rounds;
// in a round, reads, listings, refreshes, invalidations, backend writes and injected faults all start
// together, and fc.scheduler() decides when each one starts and when each backend call answers (the
// backend reads when a call arrives and answers when the scheduler lets it). The virtual clock moves
// between rounds. The model checks the properties the cache promises under concurrency.
import { createConfig, isParamkitError, localKeyProvider } from '@paramkit/core'
import type { KeyProvider } from '@paramkit/core/backend'
import { memoryBackend, type ScriptedFailure } from '@paramkit/memory-backend'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { History } from './support/model.js'

const KEYS = ['a', 'b', 'c', 'd/e', 'd/f', 'g/h/i', 'j', 'k']
const MISSING = 'none'
const SEED = Number(process.env.PARAMKIT_MODEL_SEED ?? 1_212_026)
// About half a minute on a shared 2-core machine; set PARAMKIT_MODEL_SEED to replay a reported failure.
const RUNS = Number(process.env.PARAMKIT_MODEL_RUNS ?? 1000)

type Op =
  | { kind: 'get' | 'refresh' | 'invalidate'; key: string }
  | { kind: 'getMissing' | 'getTree' | 'load' | 'refreshAll' | 'invalidateAll' }
  | { kind: 'getMany'; keys: string[] }
  | { kind: 'write'; key: string }
  | { kind: 'fault'; failure: ScriptedFailure }

const key = fc.constantFrom(...KEYS)
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: key.map((k) => ({ kind: 'get' as const, key: k })) },
  {
    weight: 2,
    arbitrary: fc
      .uniqueArray(key, { minLength: 2, maxLength: 5 })
      .map((keys) => ({ kind: 'getMany' as const, keys })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { kind: 'getMissing' as const },
      { kind: 'getTree' as const },
      { kind: 'load' as const },
    ),
  },
  { weight: 2, arbitrary: key.map((k) => ({ kind: 'refresh' as const, key: k })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'refreshAll' as const }) },
  { weight: 2, arbitrary: key.map((k) => ({ kind: 'invalidate' as const, key: k })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'invalidateAll' as const }) },
  { weight: 3, arbitrary: key.map((k) => ({ kind: 'write' as const, key: k })) },
)
const fault: fc.Arbitrary<Op> = fc
  .record({
    operation: fc.constantFrom('get' as const, 'getMany' as const, 'list' as const),
    error: fc.constantFrom('unavailable' as const, 'throttled' as const),
    times: fc.integer({ min: 1, max: 3 }),
  })
  .map((failure) => ({ kind: 'fault' as const, failure }))

const scenario = fc.record({
  faulty: fc.boolean(),
  rounds: fc.array(
    fc.record({
      ops: fc.array(op, { minLength: 1, maxLength: 12 }),
      advance: fc.integer({ min: 0, max: 160 }),
    }),
    {
      minLength: 1,
      maxLength: 5,
    },
  ),
  faults: fc.array(fault, { maxLength: 3 }),
  ttl: fc.integer({ min: 20, max: 100 }),
  staleWhileRevalidate: fc.constantFrom(0, 50, 400),
  maxStale: fc.constantFrom(0, 60, 300),
  maxEntries: fc.integer({ min: 2, max: 6 }),
  maxSealsPerKey: fc.integer({ min: 1, max: 4 }),
})

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never

/** A key provider that records what it hands out and who holds what, to check zeroing. */
function watchedKeys(maxSealsPerKey: number) {
  const inner = localKeyProvider({ maxSealsPerKey })
  const bytes = new Map<string, Uint8Array>()
  const holders = new Map<string, number>()
  const hold = (id: string, n: number) => holders.set(id, (holders.get(id) ?? 0) + n)
  let openFailures = 0
  let current = ''
  const provider: KeyProvider = {
    ...inner,
    keyForSeal() {
      const key = inner.keyForSeal() as { id: string; key: Uint8Array }
      bytes.set(key.id, key.key)
      current = key.id
      hold(key.id, 1)
      return key
    },
    keyForOpen(id) {
      try {
        return inner.keyForOpen(id)
      } catch (error) {
        openFailures++
        throw error
      }
    },
    retain(id) {
      hold(id, 1)
      inner.retain(id)
    },
    release(id) {
      hold(id, -1)
      inner.release(id)
    },
  }
  return { provider, inner, bytes, holders, current: () => current, openFailures: () => openFailures }
}

interface Seen {
  ops: number
  errors: number
  backendCalls: number
  rotations: number
}

async function runScenario(s: fc.Scheduler, sc: Scenario, seen: Seen): Promise<void> {
  let now = 0
  const clock = { now: () => now }
  const history = new History()
  const seed: Record<string, string> = {}
  for (const k of KEYS) seed[`/app/${k}`] = history.write(`/app/${k}`, now)
  const backend = memoryBackend({
    seed,
    clock,
    faults: { latency: { fixed: 1, mode: 'round-trip' } },
    sleep: () => s.schedule(Promise.resolve(), 'answer'),
  })
  const keys = watchedKeys(sc.maxSealsPerKey)
  const { ttl, staleWhileRevalidate, maxStale, maxEntries } = sc
  const config = createConfig({
    backend,
    prefix: '/app',
    cache: {
      ttl,
      staleWhileRevalidate,
      maxStale,
      maxEntries,
      jitter: 0,
      negativeTtl: 30,
      clock,
      keyProvider: keys.provider,
    },
    retry: { baseDelayMs: 1 },
    // A faulty backend meets small budgets (reads give up, or answer stale, in real milliseconds); a
    // healthy one never runs out of time, so every stale answer would be a bug.
    timeouts: sc.faulty
      ? { callMs: 40, readMs: 40, staleMs: 10, loadMs: 80 }
      : { callMs: 60_000, readMs: 60_000, staleMs: Number.POSITIVE_INFINITY, loadMs: 60_000 },
  })
  let faultsInjected = false
  const errors: unknown[] = []

  /** A value read during a round at time T is good if the name held it within the staleness the options allow. */
  const check = (name: string, value: unknown) => {
    // A faulty scenario's budgets are real milliseconds: on a loaded machine a read may answer stale after
    // `staleMs` even before the faults arrive.
    const lenient = faultsInjected || sc.faulty
    const allowance = ttl + (lenient ? Math.max(staleWhileRevalidate, maxStale) : staleWhileRevalidate)
    if (!history.heldWithin(name, String(value), now - allowance, now))
      throw new Error(
        `read ${name} = ${String(value)} at t=${now}, not held within [${now - allowance}, ${now}]`,
      )
  }
  const checkTree = (tree: Record<string, unknown>, path = '/app') => {
    for (const [level, child] of Object.entries(tree)) {
      if (typeof child === 'object' && child !== null)
        checkTree(child as Record<string, unknown>, `${path}/${level}`)
      else check(`${path}/${level}`, child)
    }
  }

  const run = async (o: Op): Promise<void> => {
    switch (o.kind) {
      case 'get':
        return check(`/app/${o.key}`, await config.get(o.key))
      case 'getMissing':
        expect(await config.getOptional(MISSING)).toBeUndefined()
        return
      case 'getMany': {
        const values = await config.getMany(o.keys)
        for (const k of o.keys) check(`/app/${k}`, values[k])
        return
      }
      case 'getTree':
        return checkTree(await config.getTree())
      case 'load':
        return checkTree(await config.load())
      case 'refresh': {
        const before = history.current(`/app/${o.key}`)
        const event = await config.refresh(o.key)
        if (event.failed > 0) return
        const entry = await config.getEntry(o.key)
        // At least as new as the backend's value when refresh() was called.
        if (Number(entry.version) < before)
          throw new Error(`refresh(${o.key}) then read version ${entry.version}, older than ${before}`)
        return
      }
      case 'refreshAll':
        await config.refresh()
        return
      case 'invalidate':
        return config.invalidate(o.key)
      case 'invalidateAll':
        return config.invalidate()
      case 'write': {
        const name = `/app/${o.key}`
        const value = history.write(name, now)
        // Round-trip mode: the store changes when the call arrives, i.e. now.
        await backend.put(name, value, { overwrite: true })
        return
      }
      case 'fault':
        faultsInjected = true
        backend.injectFault(o.failure)
        return
    }
  }

  for (const [index, round] of sc.rounds.entries()) {
    const ops = sc.faulty && index === 1 ? [...sc.faults, ...round.ops] : round.ops
    const results = ops.map((o) => s.schedule(Promise.resolve(o), o.kind).then(run))
    const settled = await s.waitFor(Promise.allSettled(results))
    for (const r of settled) if (r.status === 'rejected') errors.push(r.reason)
    // Every key not held by anyone and not current is zeroed; no key is held more often than slots exist.
    const held = [...keys.holders.values()].reduce((a, b) => a + b, 0)
    expect(Math.min(...keys.holders.values(), 0)).toBe(0)
    expect(held).toBeLessThanOrEqual(config.stats().entries)
    for (const [id, b] of keys.bytes) {
      if ((keys.holders.get(id) ?? 0) === 0 && id !== keys.current())
        expect(
          b.every((x) => x === 0),
          id,
        ).toBe(true)
    }
    now += round.advance
  }

  seen.ops += sc.rounds.reduce((n, r) => n + r.ops.length, 0)
  seen.errors += errors.length
  seen.backendCalls += config.stats().backendCalls
  seen.rotations += keys.inner.stats().rotations
  for (const error of errors) {
    // A healthy backend never yields an error; a failing one only its own kinds. Small real-time budgets
    // (faulty scenarios) may run out on a loaded machine before the faults arrive: TIMEOUT only, then.
    const allowed = faultsInjected
      ? ['BACKEND_UNAVAILABLE', 'THROTTLED', 'TIMEOUT']
      : sc.faulty
        ? ['TIMEOUT']
        : []
    if (!isParamkitError(error) || !allowed.includes(error.code)) throw error
  }
  // Every slot still cached opens: a read of each key after the rounds never meets a zeroed or wrong key.
  await s.waitFor(Promise.allSettled(KEYS.map((k) => config.get(k))))
  expect(keys.openFailures()).toBe(0)
  expect(config.stats().integrityFailures).toBe(0)

  // close() while reads are in flight: afterwards every key is zero and none is created.
  const late = KEYS.map((k) => s.schedule(Promise.resolve(k)).then((k2) => config.get(k2)))
  const closing = s.schedule(Promise.resolve()).then(() => config.close())
  await s.waitFor(Promise.allSettled([...late, closing]))
  const generated = keys.inner.stats().generated
  for (const b of keys.bytes.values()) expect(b.every((x) => x === 0)).toBe(true)
  await s.waitIdle()
  expect(keys.inner.stats().generated).toBe(generated)
  expect(keys.inner.stats().live).toBe(0)
}

describe('the config client under concurrency, against a model', () => {
  it('reads hold, healthy backends never fail, refresh is newer, slots open, keys are zeroed', async () => {
    let runs = 0
    const seen = { ops: 0, errors: 0, backendCalls: 0, rotations: 0 }
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), scenario, async (s, sc) => {
        runs++
        await runScenario(s, sc, seen)
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    )
    console.log(
      `cache model: ${runs} runs (seed ${SEED}), ${seen.ops} operations, ${seen.backendCalls} backend calls, ` +
        `${seen.errors} errors under injected faults, ${seen.rotations} key rotations`,
    )
  }, 180_000)
})
