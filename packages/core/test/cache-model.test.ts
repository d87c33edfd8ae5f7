import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Entry } from '../src/backend-entry.js'
import { EncryptedCache } from '../src/testing-entry.js'
import { fakeClock } from './support/stub-backend.js'

const KEYS = ['/a', '/b/c', '/d/e/f', '/g', '/hh']
const TTL = 1000
const NEGATIVE_TTL = 300
const OVERHEAD = 256
const NONCE = 24 // XChaCha20-Poly1305, the default cipher
const TAG = 16

interface ModelSlot {
  value: string | undefined
  version: number
  freshUntil: number
  bytes: number
}

/** The reference cache: a recency-ordered list with TTLs and bounds, written as plainly as possible. */
interface Model {
  now: number
  store: Map<string, { value: string; version: number }>
  order: string[] // least recent first
  slots: Map<string, ModelSlot>
  calls: number
  maxEntries: number
  maxBytes: number
}

interface Real {
  cache: EncryptedCache
  clock: ReturnType<typeof fakeClock>
  store: Map<string, Entry>
  calls: number
}

function slotBytes(key: string, value: string | undefined): number {
  return value === undefined ? OVERHEAD + key.length : OVERHEAD + key.length * 2 + value.length + TAG + NONCE
}

function touch(m: Model, key: string): void {
  m.order = [...m.order.filter((k) => k !== key), key]
}

function evictWhile(m: Model, over: () => boolean): void {
  while (over() && m.order.length > 0) m.slots.delete(m.order.shift()!)
}

function totalBytes(m: Model): number {
  return [...m.slots.values()].reduce((n, s) => n + s.bytes, 0)
}

class ReadCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly key: string) {}
  check = () => true
  async run(m: Model, r: Real): Promise<void> {
    const held = m.slots.get(this.key)
    let expected: string | undefined
    if (held && m.now <= held.freshUntil) {
      expected = held.value
      touch(m, this.key)
    } else {
      m.calls++
      const stored = m.store.get(this.key)
      expected = stored?.value
      if (!held) {
        evictWhile(m, () => m.slots.size >= m.maxEntries)
      }
      const slot: ModelSlot = {
        value: expected,
        version: stored?.version ?? 0,
        freshUntil: m.now + (stored ? TTL : NEGATIVE_TTL),
        bytes: slotBytes(this.key, expected),
      }
      m.slots.delete(this.key)
      touch(m, this.key)
      evictWhile(m, () => totalBytes(m) + slot.bytes > m.maxBytes)
      m.slots.set(this.key, slot)
      m.order = [...m.order.filter((k) => k !== this.key && m.slots.has(k)), this.key]
    }
    const entry = await r.cache.read(this.key, async () => {
      r.calls++
      return r.store.get(this.key)
    })
    expect(entry?.value).toBe(expected)
    expect(r.calls).toBe(m.calls)
    expect(new Set(r.cache.keys())).toEqual(new Set(m.slots.keys()))
    expect(r.cache.stats().bytes).toBe(totalBytes(m))
  }
  toString = () => `read(${this.key})`
}

class WriteCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly key: string,
    readonly value: string | undefined,
  ) {}
  check = () => true
  async run(m: Model, r: Real): Promise<void> {
    if (this.value === undefined) {
      m.store.delete(this.key)
      r.store.delete(this.key)
      return
    }
    const version = (m.store.get(this.key)?.version ?? 0) + 1
    m.store.set(this.key, { value: this.value, version })
    r.store.set(this.key, {
      name: this.key,
      value: this.value,
      type: 'SecureString',
      version: String(version),
      sensitive: true,
    })
  }
  toString = () => `write(${this.key}, ${JSON.stringify(this.value)})`
}

class AdvanceCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ms: number) {}
  check = () => true
  async run(m: Model, r: Real): Promise<void> {
    m.now += this.ms
    r.clock.advance(this.ms)
  }
  toString = () => `advance(${this.ms})`
}

class InvalidateCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly key: string | undefined) {}
  check = () => true
  async run(m: Model, r: Real): Promise<void> {
    if (this.key === undefined) {
      m.slots.clear()
      m.order = []
    } else {
      m.slots.delete(this.key)
      m.order = m.order.filter((k) => k !== this.key)
    }
    r.cache.invalidate(this.key)
    expect(new Set(r.cache.keys())).toEqual(new Set(m.slots.keys()))
  }
  toString = () => `invalidate(${this.key ?? '*'})`
}

const key = fc.constantFrom(...KEYS)
const commands = [
  key.map((k) => new ReadCommand(k)),
  key.map((k) => new ReadCommand(k)),
  fc
    .tuple(key, fc.option(fc.string({ maxLength: 40 }), { nil: undefined }))
    .map(([k, v]) => new WriteCommand(k, v)),
  fc
    .oneof(fc.constantFrom(1, NEGATIVE_TTL, TTL), fc.integer({ min: 1, max: 1500 }))
    .map((ms) => new AdvanceCommand(ms)),
  fc.option(key, { nil: undefined, freq: 3 }).map((k) => new InvalidateCommand(k)),
]

describe('EncryptedCache against a reference model', () => {
  it('agrees on values, backend calls, keys and bytes: TTL, negative entries, LRU by count and bytes, invalidate', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 700, max: 2500 }),
        fc.commands(commands, { size: '+1' }),
        async (maxEntries, maxBytes, cmds) => {
          const clock = fakeClock()
          const cache = new EncryptedCache({
            ttl: TTL,
            jitter: 0,
            negativeTtl: NEGATIVE_TTL,
            maxEntries,
            maxBytes,
            clock,
            maxStale: 0,
          })
          const model: Model = {
            now: 0,
            store: new Map(),
            order: [],
            slots: new Map(),
            calls: 0,
            maxEntries,
            maxBytes,
          }
          const real: Real = { cache, clock, store: new Map(), calls: 0 }
          await fc.asyncModelRun(() => ({ model, real }), cmds)
          cache.close()
        },
      ),
      { numRuns: 150 },
    )
  })
})
