// failoverBackends under interleavings: a primary that hangs, refuses, throttles, slows down and heals
// while gets, getManys, refreshes and invalidations run at once, against a replica that holds a copy.
// Both stores read when a call arrives and answer when fc.scheduler() lets them. With a replica that
// answers, no read may fail; every value comes from the member the entry says served it; the primary is
// called at most once per probe interval while its circuit is open; and after it heals, reads go back to it.
import { createConfig, type FailoverEvent, failoverBackends } from '@paramkit/core'
import { type FaultMode, memoryBackend } from '@paramkit/memory-backend'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

const KEYS = ['db/host', 'db/port', 'api/url', 'api/token']
const PROBE_MS = 40

type Op =
  | { kind: 'get' | 'refresh' | 'invalidate'; key: string }
  | { kind: 'getMany'; keys: string[] }
  | { kind: 'mode'; mode: FaultMode }

const key = fc.constantFrom(...KEYS)
const mode = fc.oneof(
  fc.constantFrom<FaultMode>('healthy', 'hang', 'refuse', 'throttle'),
  fc.integer({ min: 1, max: 20 }).map((slow): FaultMode => ({ slow })),
)
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: key.map((k) => ({ kind: 'get' as const, key: k })) },
  {
    weight: 2,
    arbitrary: fc
      .uniqueArray(key, { minLength: 2, maxLength: 4 })
      .map((keys) => ({ kind: 'getMany' as const, keys })),
  },
  { weight: 2, arbitrary: key.map((k) => ({ kind: 'refresh' as const, key: k })) },
  { weight: 2, arbitrary: key.map((k) => ({ kind: 'invalidate' as const, key: k })) },
  { weight: 2, arbitrary: mode.map((m) => ({ kind: 'mode' as const, mode: m })) },
)
const rounds = fc.array(
  fc.record({ ops: fc.array(op, { minLength: 1, maxLength: 12 }), pauseMs: fc.nat(30) }),
  {
    minLength: 1,
    maxLength: 4,
  },
)

const memberValue = (member: 'primary' | 'replica', k: string) => `${k}@${member}`

describe('failoverBackends under interleavings with a failing primary', () => {
  it('no read fails while the replica answers, values match servedBy, probes are bounded, reads return after healing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), rounds, async (s, plan) => {
        const member = (name: 'primary' | 'replica') =>
          memoryBackend({
            name,
            seed: Object.fromEntries(KEYS.map((k) => [`/app/${k}`, memberValue(name, k)])),
            faults: { latency: { fixed: 1, mode: 'round-trip' } },
            sleep: () => s.schedule(Promise.resolve(), `${name} answers`),
          })
        const primary = member('primary')
        const replica = member('replica')
        const config = createConfig({
          backend: failoverBackends([primary, replica], { probeMs: PROBE_MS, probeTimeoutMs: 20 }),
          prefix: '/app',
          timeouts: { callMs: 15, readMs: 5_000, staleMs: 5 },
          cache: { ttl: 60_000, jitter: 0, staleWhileRevalidate: 0, maxStale: 0 },
          retry: { baseDelayMs: 1, maxDelayMs: 5 },
        })
        const events: FailoverEvent[] = []
        config.on('failover', (e) => events.push(e))
        const started = Date.now()
        const check = async (k: string, value: string) => {
          const entry = await config.getEntry(k).catch(() => undefined)
          // The entry may have been reloaded since: its value and servedBy still agree with each other.
          if (entry && entry.value !== memberValue(entry.servedBy as 'primary' | 'replica', k))
            throw new Error(`${k}: ${String(entry.value)} served by ${entry.servedBy}`)
          if (value !== memberValue('primary', k) && value !== memberValue('replica', k))
            throw new Error(`${k}: ${value}`)
        }
        const run = async (o: Op) => {
          switch (o.kind) {
            case 'get':
              return check(o.key, await config.get(o.key))
            case 'getMany': {
              const values = await config.getMany(o.keys)
              for (const k of o.keys) await check(k, values[k]!)
              return
            }
            case 'refresh': {
              const result = await config.refresh(o.key)
              if (result.failed > 0) throw new Error(`refresh(${o.key}) failed with a replica available`)
              return
            }
            case 'invalidate':
              return config.invalidate(o.key)
            case 'mode':
              return primary.setFaultMode(o.mode)
          }
        }
        try {
          for (const round of plan) {
            const settled = await s.waitFor(
              Promise.allSettled(round.ops.map((o) => s.schedule(Promise.resolve(o), o.kind).then(run))),
            )
            for (const r of settled) if (r.status === 'rejected') throw r.reason
            await s.waitFor(new Promise((resolve) => setTimeout(resolve, round.pauseMs)))
          }
          const elapsed = Date.now() - started
          const stats = config.stats().failover!
          // Probes are background calls, at most one per interval (and one more for the interval under way).
          expect(stats.members[0]!.probes).toBeLessThanOrEqual(Math.ceil(elapsed / PROBE_MS) + 1)
          expect(stats.switches).toBe(events.filter((e) => e.kind === 'switch').length)
          // Healed, the primary serves again once a probe has found it.
          primary.setFaultMode('healthy')
          let servedBy: string | undefined
          for (let i = 0; i < 20 && servedBy !== 'primary'; i++) {
            await s.waitFor(new Promise((resolve) => setTimeout(resolve, PROBE_MS / 2)))
            config.invalidate('db/host')
            await s.waitFor(config.get('db/host'))
            servedBy = (await s.waitFor(config.getEntry('db/host'))).servedBy
          }
          expect(servedBy).toBe('primary')
        } finally {
          primary.setFaultMode('healthy')
          await s.waitFor(config.close())
        }
      }),
      {
        numRuns: Number(process.env.PARAMKIT_MODEL_RUNS ?? 40),
        seed: Number(process.env.PARAMKIT_MODEL_SEED ?? 2_812_026),
      },
    )
  }, 120_000)
})
