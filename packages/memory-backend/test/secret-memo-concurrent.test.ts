// getSecret shares one sealed Secret per cached version of a key (so a hot secret is neither opened nor
// sealed again per read). Under fc.scheduler(): reads, writes, refreshes, invalidations and injected
// failures interleave against a backend that reads when a call arrives and answers later; the virtual
// clock moves between rounds. A shared Secret must never outlive the version it was made from.
import { createConfig, isParamkitError, localKeyProvider, type Secret } from '@paramkit/core'
import type { Backend, Entry } from '@paramkit/core/backend'
import { minimalCapabilities } from '@paramkit/core/testing'
import { memoryBackend } from '@paramkit/memory-backend'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

const KEYS = ['db/password', 'api/token', 'db/host']
const TYPES = { 'db/password': 'SecureString', 'api/token': 'SecureString', 'db/host': 'String' } as const
const TTL = 50

type Op =
  | { kind: 'getSecret' | 'write' | 'refresh' | 'invalidate'; key: string }
  | { kind: 'fail'; times: number }

const key = fc.constantFrom(...KEYS)
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: key.map((k) => ({ kind: 'getSecret' as const, key: k })) },
  { weight: 2, arbitrary: key.map((k) => ({ kind: 'write' as const, key: k })) },
  { weight: 2, arbitrary: key.map((k) => ({ kind: 'refresh' as const, key: k })) },
  { weight: 1, arbitrary: key.map((k) => ({ kind: 'invalidate' as const, key: k })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }).map((times) => ({ kind: 'fail' as const, times })) },
)
const rounds = fc.array(
  fc.record({ ops: fc.array(op, { minLength: 1, maxLength: 10 }), advance: fc.integer({ min: 0, max: 80 }) }),
  { minLength: 1, maxLength: 5 },
)

describe('getSecret shares one Secret per cached version, under interleavings', () => {
  it('every Secret reveals a value its key held within the TTL, and one Secret never reveals two values', async () => {
    let secretsSeen = 0
    let shared = 0
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), rounds, async (s, plan) => {
        let now = 0
        const clock = { now: () => now }
        const versions = new Map<string, { value: string; from: number; to: number }[]>()
        const write = (k: string) => {
          const list = versions.get(k) ?? []
          const last = list.at(-1)
          if (last) last.to = now
          const value = `${k}@${list.length + 1}`
          list.push({ value, from: now, to: Number.POSITIVE_INFINITY })
          versions.set(k, list)
          return value
        }
        const heldWithin = (k: string, value: string) =>
          versions.get(k)!.some((v) => v.value === value && v.from <= now && v.to >= now - TTL)
        const seed = Object.fromEntries(
          KEYS.map((k) => [`/app/${k}`, { value: write(k), type: TYPES[k as keyof typeof TYPES] }]),
        )
        const backend = memoryBackend({
          seed,
          clock,
          faults: { latency: { fixed: 1, mode: 'round-trip' } },
          sleep: () => s.schedule(Promise.resolve(), 'answer'),
        })
        const keyProvider = localKeyProvider()
        const config = createConfig({
          backend,
          prefix: '/app',
          cache: { ttl: TTL, jitter: 0, staleWhileRevalidate: 0, maxStale: 0, clock, keyProvider },
          retry: { baseDelayMs: 1 },
          circuit: { failures: 1000 },
        })
        // Secrets by the value they reveal: two Secrets for one version may come from two slots
        // (a reload in between), but one Secret never reveals two values.
        const byObject = new Map<Secret<string>, string>()
        const run = async (o: Op) => {
          switch (o.kind) {
            case 'getSecret': {
              const secret = await config.getSecret(o.key)
              const value = secret.reveal()
              if (!heldWithin(o.key, value))
                throw new Error(`getSecret(${o.key}) revealed ${value} at t=${now}, not held within the TTL`)
              const before = byObject.get(secret)
              if (before !== undefined) shared++
              if (before !== undefined && before !== value)
                throw new Error(`one Secret revealed ${before} then ${value}`)
              byObject.set(secret, value)
              secretsSeen++
              return
            }
            case 'write':
              await backend.put(`/app/${o.key}`, write(o.key), { overwrite: true })
              return
            case 'refresh':
              await config.refresh(o.key)
              return
            case 'invalidate':
              return config.invalidate(o.key)
            case 'fail':
              backend.injectFault({ operation: 'get', error: 'unavailable', times: o.times })
              return
          }
        }
        for (const round of plan) {
          const settled = await s.waitFor(
            Promise.allSettled(round.ops.map((o) => s.schedule(Promise.resolve(o), o.kind).then(run))),
          )
          for (const r of settled) {
            if (r.status === 'fulfilled') continue
            // Only the injected failures may surface (with maxStale 0 nothing stale is served).
            if (!isParamkitError(r.reason) || !['BACKEND_UNAVAILABLE', 'THROTTLED'].includes(r.reason.code))
              throw r.reason
          }
          now += round.advance
        }
        // After the rounds, a quiet read of each key (once any failures left over are used up): the same
        // Secret twice while its slot stays fresh.
        for (const k of KEYS) {
          let first: Secret<string> | undefined
          for (let attempt = 0; first === undefined && attempt < 4; attempt++)
            first = await s.waitFor(config.getSecret(k).catch(() => undefined))
          if (first === undefined) throw new Error(`getSecret(${k}) failed four times after the faults`)
          expect(await s.waitFor(config.getSecret(k))).toBe(first)
          expect(heldWithin(k, first.reveal())).toBe(true)
        }
        await config.close()
      }),
      { seed: 150_2026, numRuns: 300 },
    )
    expect(shared).toBeGreaterThan(0)
    console.log(`secret memo model: ${secretsSeen} getSecret reads, ${shared} of them a shared Secret`)
  }, 120_000)
})

describe('getSecret after a full read', () => {
  it('answers the version its own read fetched, not an older one a listing primed meanwhile', async () => {
    let value = 'v1'
    let version = 1
    let open!: () => void
    const gate = new Promise<void>((resolve) => {
      open = resolve
    })
    const entry = (): Entry => ({
      name: '/app/pw',
      value,
      type: 'SecureString',
      version: String(version),
      sensitive: true,
    })
    const backend: Backend = {
      name: 'gated',
      capabilities: { ...minimalCapabilities, types: ['String', 'SecureString'] },
      async get() {
        await gate
        return entry()
      },
      async getMany(names) {
        await gate
        return { entries: names.map(() => entry()), missing: [], invalid: [] }
      },
      async *list() {
        yield { entries: [entry()] }
      },
    }
    const config = createConfig({ backend, prefix: '/app' })
    const secret = config.getSecret('pw') // the load's backend call waits at the gate
    await new Promise((resolve) => setTimeout(resolve, 5))
    await config.getTree('') // a later listing reads v1 first and primes it (newer sequence: it stays)
    value = 'v2'
    version = 2
    open() // the load reads v2; its store is refused, and its caller must still get v2
    expect((await secret).reveal()).toBe('v2')
    await config.close()
  })
})
