import { join } from 'node:path'
import { memoryBackend } from '@paramkit/memory-backend'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createConfig, localKeyProvider, ValidationError } from '../src/index.js'
import { masterKey, seed, snapshotClient, snapshotPath, until } from './support/snapshot-client.js'

type Tree = { db: { host: string; password: { reveal(): string } } }

/** What a new process, its backend down, restores from the snapshot at `path`. */
async function restoredFrom(path: string): Promise<{ host: string; password: string }> {
  const down = memoryBackend({ seed, faults: { failures: [{ error: 'throttled', times: 100 }] } })
  const config = createConfig({
    backend: down,
    env: 'prod',
    service: 'api',
    snapshot: { path },
    cache: { keyProvider: localKeyProvider({ masterKey }) },
  })
  const tree = (await config.load()) as Tree
  const restored = { host: tree.db.host, password: tree.db.password.reveal() }
  await config.close()
  return restored
}

/** A new password in the backend, read by a refresh and a load. */
async function change(client: ReturnType<typeof snapshotClient>, password: string): Promise<void> {
  await client.backend.put('/prod/api/db/password', password, { type: 'SecureString', overwrite: true })
  await client.config.refresh()
  await client.config.load()
}

afterEach(() => {
  vi.useRealTimers()
})

describe('snapshot writes only when the content changes', () => {
  it('25 loads served from the cache make one write and ask the key provider for one snapshot key', async () => {
    const client = snapshotClient()
    for (let i = 0; i < 25; i++) await client.config.load()
    expect(client.writes()).toBe(1)
    expect(client.calls.snapshotKey).toBe(1)
    expect(client.config.stats().keys.generated).toBe(1)
    expect(client.backend.stats().calls.list).toBe(1)
    await client.config.close()
    expect(client.writes()).toBe(1)
    expect(client.calls.snapshotKey).toBe(1)
  })

  it('a changed value makes exactly one more write, and later loads of it none', async () => {
    const client = snapshotClient({ writeDebounceMs: 0 })
    await client.config.load()
    await change(client, 'n3w-pass')
    expect(client.writes()).toBe(2)
    for (let i = 0; i < 5; i++) await client.config.load()
    expect(client.writes()).toBe(2)
    expect(client.calls.snapshotKey).toBe(2)
    await client.config.close()
    expect(await restoredFrom(client.path)).toEqual({ host: 'db.internal', password: 'n3w-pass' })
  })

  it('changes inside the window make one write of the newest content at its end', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const client = snapshotClient({ writeDebounceMs: 1_000 })
    await client.config.load()
    expect(client.writes()).toBe(1)
    for (const password of ['one', 'two', 'three']) await change(client, password)
    expect(client.writes()).toBe(1)
    await vi.advanceTimersByTimeAsync(999)
    expect(client.writes()).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    await until(() => client.writes() === 2)
    expect(client.writes()).toBe(2)
    // A quiet window later, a change is written within the load that saw it.
    await vi.advanceTimersByTimeAsync(1_000)
    await change(client, 'four')
    expect(client.writes()).toBe(3)
    await client.config.close()
    expect(client.writes()).toBe(3)
    expect(await restoredFrom(client.path)).toMatchObject({ password: 'four' })
  })

  it('close() writes a change still waiting for its window, and leaves no timer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const client = snapshotClient()
    await client.config.load()
    await change(client, 'at-close')
    expect(client.writes()).toBe(1)
    expect(vi.getTimerCount()).toBeGreaterThan(0)
    await client.config.close()
    expect(client.writes()).toBe(2)
    expect(vi.getTimerCount()).toBe(0)
    expect(await restoredFrom(client.path)).toMatchObject({ password: 'at-close' })
  })

  it('close() with nothing waiting writes nothing', async () => {
    const client = snapshotClient()
    await client.config.load()
    await client.config.load()
    await client.config.close()
    expect(client.writes()).toBe(1)
    expect(client.calls.snapshotKey).toBe(1)
  })

  it('a failing write emits error, keeps the load result, and is tried again once per window', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const path = join(snapshotPath(), 'no-such-dir', 'snap.json')
    const client = snapshotClient({ path, writeDebounceMs: 1_000 })
    const tree = (await client.config.load()) as Tree
    expect(tree.db.host).toBe('db.internal')
    expect(tree.db.password.reveal()).toBe('Wr1te-0nce')
    expect(client.errors).toHaveLength(1)
    expect(client.errors[0]).toMatchObject({ code: 'ENOENT' })
    for (let i = 0; i < 3; i++) await expect(client.config.load()).resolves.toMatchObject({ db: {} })
    expect(client.errors).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1_000)
    await until(() => client.errors.length === 2)
    expect(client.errors).toHaveLength(2)
    expect(client.writes()).toBe(0)
    await client.config.close()
    expect(client.errors).toHaveLength(2)
  })

  it('a restored snapshot is not written again by a load that returns the same content', async () => {
    const first = snapshotClient()
    await first.config.load()
    await first.config.close()
    const backend = first.backend
    backend.injectFault({ operation: 'list', error: 'unavailable', times: 1 })
    const second = snapshotClient({ path: first.path, backend, writeDebounceMs: 0 })
    await second.config.load()
    expect(second.config.stats().snapshot).toMatchObject({ source: 'snapshot', restores: 1 })
    second.config.invalidate()
    await second.config.load()
    expect(second.config.stats().snapshot).toMatchObject({ source: 'backend', writes: 0 })
    expect(second.calls.snapshotKey ?? 0).toBe(0)
    await change(second, 'after-restore')
    expect(second.config.stats().snapshot).toMatchObject({ writes: 1, generation: 2 })
    await second.config.close()
  })

  it('refuses a writeDebounceMs that is negative or not a finite number', () => {
    for (const writeDebounceMs of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => snapshotClient({ writeDebounceMs })).toThrow(ValidationError)
      expect(() => snapshotClient({ writeDebounceMs })).toThrow(/rule: snapshot-write-debounce/)
    }
    expect(() => snapshotClient({ writeDebounceMs: 0 })).not.toThrow()
  })
})
