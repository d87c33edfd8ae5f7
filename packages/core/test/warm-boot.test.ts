import { readFileSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import { BackendUnavailableError } from '../src/index.js'
import { useVirtualTime } from './support/virtual-time.js'
import {
  callsOf,
  manyKeys,
  seed,
  snapshotPath,
  until,
  warmClient,
  writeSnapshotFrom,
} from './support/warm-boot-client.js'

const secretOf = (tree: Record<string, unknown>) =>
  (tree.db as { password: { reveal(): string } }).password.reveal()

describe('warm boot from a sealed snapshot', () => {
  useVirtualTime()

  it('serves the first load from the snapshot with 0 backend calls, and says so in stats', async () => {
    const path = snapshotPath()
    await writeSnapshotFrom(path)
    const { backend, config, snapshots, errors } = warmClient(path, seed, {
      snapshot: { revalidateMs: 10_000 },
    })
    const tree = await config.load()
    expect(tree).toMatchObject({ db: { host: 'db.internal' }, log_level: 'info', region: 'eu-west-1' })
    expect(secretOf(tree)).toBe('W4rm-b00t-pw')
    expect(await config.get('db/host')).toBe('db.internal')
    expect(config.getSync('log_level')).toBe('info')
    expect(callsOf(backend)).toBe(0)
    expect(config.stats().backendCalls).toBe(0)
    expect(errors).toEqual([])
    expect(snapshots).toMatchObject([{ action: 'booted', path, entries: 4 }])
    expect(config.stats().snapshot).toMatchObject({
      source: 'snapshot',
      writes: 0,
      restores: 0,
      warmBoot: {
        outcome: 'booted',
        revalidateMs: 10_000,
        origins: { snapshot: 4, backend: 0 },
        failed: 0,
        pending: 4,
      },
    })
    // A second load before any revalidation reads the cache: still no call, and nothing rewritten.
    await config.load()
    expect(callsOf(backend)).toBe(0)
    expect(config.stats().snapshot!.writes).toBe(0)
    await config.close()
  })

  it('boots on preload(keys) as on load(): the Lambda wrappers with `required` make 0 backend calls', async () => {
    const path = snapshotPath()
    await writeSnapshotFrom(path)
    const { backend, config, snapshots, errors } = warmClient(path)
    await Promise.all([config.preload(['db/host', 'log_level']), config.preload(['region'])])
    expect(config.getSync('db/host')).toBe('db.internal')
    expect(config.getSync('region')).toBe('eu-west-1')
    expect(snapshots.filter((event) => event.action === 'booted')).toHaveLength(1)
    // The first load() after it is served from what the boot restored, as the first load would have been.
    await config.load()
    expect(callsOf(backend)).toBe(0)
    expect(errors).toEqual([])
    expect(config.stats().snapshot).toMatchObject({ source: 'snapshot', warmBoot: { outcome: 'booted' } })
    await config.close()
  })

  it('revalidates every key in batches spread with jitter over revalidateMs (default 30 s)', async () => {
    const path = snapshotPath()
    const values = manyKeys(30)
    await writeSnapshotFrom(path, values)
    const { backend, config, refreshes } = warmClient(path, values)
    const times: number[] = []
    const getMany = backend.getMany.bind(backend)
    backend.getMany = (names, options) => {
      times.push(Date.now())
      return getMany(names, options)
    }
    const start = Date.now()
    await config.load()
    expect(config.stats().snapshot!.warmBoot!.revalidateMs).toBe(30_000)
    // 30 names, 10 per call: one call in each 10 s slice of the window, each carrying 10 names.
    for (let slice = 1; slice <= 3; slice++) {
      await vi.advanceTimersByTimeAsync(10_000)
      await until(
        () =>
          backend.calls.getMany === slice && config.stats().snapshot!.warmBoot!.pending === 30 - 10 * slice,
      )
      expect(backend.calls.getMany, `slice ${slice}`).toBe(slice)
      expect(times[slice - 1]! - start).toBeGreaterThanOrEqual((slice - 1) * 10_000)
      expect(times[slice - 1]! - start).toBeLessThan(slice * 10_000)
    }
    expect(backend.calls.names.map((names) => names.length)).toEqual([10, 10, 10])
    expect(new Set(backend.calls.names.flat())).toEqual(new Set(Object.keys(values)))
    expect(backend.calls.list).toBe(0)
    await until(() => refreshes.length === 1)
    expect(refreshes[0]).toMatchObject({ failed: 0 })
    expect(refreshes[0]!.names).toHaveLength(30)
    expect(config.stats().snapshot).toMatchObject({
      source: 'backend',
      warmBoot: { origins: { snapshot: 0, backend: 30 }, pending: 0, failed: 0 },
    })
    // Nothing more is scheduled once every key is revalidated.
    await vi.advanceTimersByTimeAsync(120_000)
    expect(backend.calls.getMany).toBe(3)
    await config.close()
  })

  it('picks up values changed since the snapshot, once revalidated', async () => {
    const path = snapshotPath()
    await writeSnapshotFrom(path)
    const { backend, config } = warmClient(path, seed, { snapshot: { revalidateMs: 5_000 } })
    await config.load()
    backend.set('/prod/api/db/host', 'db2.internal')
    backend.set('/prod/api/db/password', 'R0tated-pw', 'SecureString')
    expect(await config.get('db/host')).toBe('db.internal')
    await vi.advanceTimersByTimeAsync(5_000)
    await until(() => config.stats().snapshot!.warmBoot!.pending === 0)
    expect(await config.get('db/host')).toBe('db2.internal')
    expect((await config.getSecret('db/password')).reveal()).toBe('R0tated-pw')
    expect(config.getSync('db/host')).toBe('db2.internal')
    expect(config.stats().snapshot!.source).toBe('backend')
    await config.close()
  })

  it('write: false (a read-only package) boots and revalidates, and never rewrites the file', async () => {
    const path = snapshotPath()
    await writeSnapshotFrom(path)
    const before = readFileSync(path, 'utf8')
    const { backend, config, errors } = warmClient(path, seed, {
      snapshot: { revalidateMs: 1_000, write: false, writeDebounceMs: 0 },
    })
    await config.load()
    backend.set('/prod/api/db/host', 'db2.internal')
    await vi.advanceTimersByTimeAsync(1_000)
    await until(() => config.stats().snapshot!.warmBoot!.pending === 0)
    await config.invalidate()
    await config.load()
    expect(await config.get('db/host')).toBe('db2.internal')
    await config.close()
    expect(readFileSync(path, 'utf8')).toBe(before)
    expect(config.stats().snapshot!.writes).toBe(0)
    expect(errors).toEqual([])
  })

  it('keeps the snapshot value when revalidation fails, and says so', async () => {
    const path = snapshotPath()
    await writeSnapshotFrom(path)
    const { backend, config, refreshes } = warmClient(path, seed, { snapshot: { revalidateMs: 1_000 } })
    await config.load()
    backend.failWith = new BackendUnavailableError('down')
    // The batch is due within 1 s; a retry waits on a backoff timer: both run out within 10 s.
    for (let waited = 0; waited < 10_000 && refreshes.length === 0; waited += 500) {
      await vi.advanceTimersByTimeAsync(500)
      await until(() => refreshes.length === 1, 5)
    }
    expect(refreshes[0]).toMatchObject({ failed: 4 })
    expect(await config.get('db/host')).toBe('db.internal')
    expect(config.stats().snapshot).toMatchObject({
      source: 'snapshot',
      warmBoot: { origins: { snapshot: 4, backend: 0 }, failed: 4, pending: 0 },
    })
    await config.close()
  })

  it('bounds a revalidation the backend never answers by the call budget, keeping the snapshot value', async () => {
    const path = snapshotPath()
    const values = manyKeys(20)
    await writeSnapshotFrom(path, values)
    const { backend, config, refreshes } = warmClient(path, values, { snapshot: { revalidateMs: 2_000 } })
    await config.load()
    backend.hang = true
    for (let waited = 0; waited < 60_000 && refreshes.length === 0; waited += 1_000) {
      await vi.advanceTimersByTimeAsync(1_000)
      await until(() => false, 5)
    }
    expect(refreshes).toMatchObject([{ failed: 20 }])
    // Two batches of 10: a first attempt each, and at most a retry each; every call got an abort signal.
    expect(backend.calls.getMany).toBeGreaterThanOrEqual(2)
    expect(backend.calls.getMany).toBeLessThanOrEqual(4)
    expect(backend.signals.every((signal) => signal?.aborted)).toBe(true)
    backend.hang = false
    expect(await config.get('k/key3')).toBe('v3')
    expect(config.stats().snapshot!.warmBoot).toMatchObject({ failed: 20, origins: { snapshot: 20 } })
    await config.close()
  })

  it('close() stops the revalidation timers: no call afterwards', async () => {
    const path = snapshotPath()
    await writeSnapshotFrom(path)
    const { backend, config } = warmClient(path, seed, { snapshot: { revalidateMs: 60_000 } })
    await config.load()
    const timers = vi.getTimerCount()
    expect(timers).toBeGreaterThan(0)
    await config.close()
    expect(vi.getTimerCount()).toBeLessThan(timers)
    await vi.advanceTimersByTimeAsync(120_000)
    await until(() => false, 20)
    expect(callsOf(backend)).toBe(0)
    expect(config.stats().snapshot!.warmBoot).toMatchObject({ origins: { snapshot: 4, backend: 0 } })
  })

  it('after a freeze (clock moved on, no timer fired), every due batch runs once, and freshness follows the clock', async () => {
    const path = snapshotPath()
    const values = manyKeys(30)
    await writeSnapshotFrom(path, values)
    const { backend, config, refreshes } = warmClient(path, values)
    await config.load()
    // Frozen: Date moves past the whole window and the cache TTL (600 s in these tests); no timer runs.
    vi.setSystemTime(Date.now() + 601_000)
    expect(callsOf(backend)).toBe(0)
    // A read after the thaw judges the booted value by the clock: expired, so it asks the backend.
    expect(await config.get('k/key7')).toBe('v7')
    expect(backend.calls.get + backend.calls.getMany).toBe(1)
    // The late timer runs every overdue batch in one go: each name asked for exactly once.
    await vi.advanceTimersByTimeAsync(30_000)
    await until(() => refreshes.length === 1)
    const asked = backend.calls.names.slice(1).flat()
    expect(asked).toHaveLength(30)
    expect(new Set(asked).size).toBe(30)
    expect(backend.calls.getMany).toBeLessThanOrEqual(4)
    await config.close()
  })

  it('revalidateMs 0 revalidates everything at once, in batches of the backend size', async () => {
    const path = snapshotPath()
    const values = manyKeys(25)
    await writeSnapshotFrom(path, values)
    const { backend, config, refreshes } = warmClient(path, values, { snapshot: { revalidateMs: 0 } })
    await config.load()
    await vi.advanceTimersByTimeAsync(0)
    await until(() => refreshes.length === 1)
    expect(backend.calls.names.map((n) => n.length).sort()).toEqual([10, 10, 5])
    expect(config.stats().snapshot!.warmBoot!.origins).toEqual({ snapshot: 0, backend: 25 })
    await config.close()
  })
})
