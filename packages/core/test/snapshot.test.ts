import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  BackendUnavailableError,
  type ConfigEvents,
  createConfig,
  IntegrityError,
  localKeyProvider,
  ThrottledError,
  ValidationError,
} from '../src/index.js'
import { stubBackend } from './support/stub-backend.js'

const dir = mkdtempSync(join(tmpdir(), 'paramkit-snapshot-'))
let n = 0
const masterKey = globalThis.crypto.getRandomValues(new Uint8Array(32))

function setup(
  path: string,
  key = masterKey,
  {
    service = 'api',
    maxAge,
    clock,
    writeDebounceMs,
  }: { service?: string; maxAge?: number; clock?: { now(): number }; writeDebounceMs?: number } = {},
) {
  const backend = stubBackend({
    '/prod/api/db/host': 'db.internal',
    '/prod/api/db/password': 'Sn4p-s3cret',
    '/shared/log_level': 'info',
  })
  const events: ConfigEvents['snapshot'][] = []
  const config = createConfig({
    backend,
    env: 'prod',
    service,
    fallbacks: ['/shared'],
    snapshot: {
      path,
      ...(maxAge === undefined ? {} : { maxAge }),
      ...(writeDebounceMs === undefined ? {} : { writeDebounceMs }),
    },
    cache: { keyProvider: localKeyProvider({ masterKey: key }), ...(clock ? { clock } : {}) },
  })
  config.on('snapshot', (e) => events.push(e))
  return { backend, config, events }
}

describe('sealed offline snapshot', () => {
  it('writes the last good configuration atomically, sealed, with no plaintext in the file', async () => {
    const path = join(dir, `s${++n}.json`)
    const { config, events } = setup(path)
    await config.load()
    expect(events).toMatchObject([{ action: 'written', path, entries: 3 }])
    const text = readFileSync(path, 'utf8')
    expect(text).not.toContain('Sn4p-s3cret')
    expect(text).not.toContain('db.internal')
    expect(JSON.parse(text)).toMatchObject({
      format: 'paramkit-snapshot/2',
      wrappedKey: expect.any(String),
      generation: 1,
      backend: 'stub',
      prefix: '/prod/api',
      cipher: 'xchacha20-poly1305',
    })
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
    expect(config.stats().snapshot).toMatchObject({ source: 'backend', writes: 1, restores: 0 })
  })

  for (const failure of [new BackendUnavailableError('down'), new ThrottledError('slow down')]) {
    it(`starts from the snapshot when the backend is ${failure.code}, and says so`, async () => {
      const path = join(dir, `s${++n}.json`)
      await setup(path).config.load()
      const { backend, config, events } = setup(path)
      backend.failWith = failure
      const tree = await config.load()
      expect(tree).toMatchObject({ db: { host: 'db.internal' }, log_level: 'info' })
      expect((tree.db as { password: { reveal(): string } }).password.reveal()).toBe('Sn4p-s3cret')
      expect(await config.get('db/host')).toBe('db.internal')
      expect(events).toMatchObject([{ action: 'loaded', path, entries: 3, reason: failure }])
      expect(config.stats().snapshot).toMatchObject({
        source: 'snapshot',
        restores: 1,
        createdAt: expect.any(String),
      })
    })
  }

  it('refuses a snapshot sealed under another key with Integrity, and does not start', async () => {
    const path = join(dir, `s${++n}.json`)
    await setup(path).config.load()
    const other = globalThis.crypto.getRandomValues(new Uint8Array(32))
    const { backend, config } = setup(path, other)
    backend.failWith = new BackendUnavailableError('down')
    await expect(config.load()).rejects.toBeInstanceOf(IntegrityError)
  })

  it('refuses a tampered file: any flipped byte of key, nonce, ciphertext or date', async () => {
    const path = join(dir, `s${++n}.json`)
    await setup(path).config.load()
    const original = JSON.parse(readFileSync(path, 'utf8'))
    for (const field of ['wrappedKey', 'nonce', 'ciphertext', 'createdAt']) {
      const copy = { ...original }
      if (field === 'createdAt') copy.createdAt = new Date(0).toISOString()
      else {
        const bytes = Buffer.from(copy[field], 'base64')
        bytes[bytes.length >> 1]! ^= 0x20
        copy[field] = bytes.toString('base64')
      }
      writeFileSync(path, JSON.stringify(copy))
      const { backend, config } = setup(path)
      backend.failWith = new BackendUnavailableError('down')
      const error = await config.load().catch((e: unknown) => e)
      expect(error, field).toBeInstanceOf(IntegrityError)
    }
    writeFileSync(path, 'not json')
    const { backend, config } = setup(path)
    backend.failWith = new BackendUnavailableError('down')
    await expect(config.load()).rejects.toThrow(/not a snapshot file/)
  })

  it('passes the backend error on when there is no snapshot yet, and needs a provider that can wrap', async () => {
    const { backend, config } = setup(join(dir, 'missing.json'))
    const failure = new BackendUnavailableError('down')
    backend.failWith = failure
    await expect(config.load()).rejects.toBe(failure)
    expect(() => createConfig({ backend, snapshot: { path: join(dir, 'x.json') } })).toThrow(ValidationError)
    expect(() => localKeyProvider({ masterKey: new Uint8Array(16) })).toThrow(/master-key-length/)
  })

  it('reports a failed write as an error event without failing the load', async () => {
    const { config } = setup(join(dir, 'no-such-dir', 'snap.json'))
    const errors: string[] = []
    config.on('error', (e) => errors.push(e.key ?? ''))
    await expect(config.load()).resolves.toMatchObject({ db: { host: 'db.internal' } })
    expect(errors).toEqual([join(dir, 'no-such-dir', 'snap.json')])
  })

  it('belongs to its service: another service under the same master key cannot restore it', async () => {
    const path = join(dir, `s${++n}.json`)
    await setup(path).config.load()
    const other = setup(path, masterKey, { service: 'billing' })
    other.backend.failWith = new BackendUnavailableError('down')
    await expect(other.config.load()).rejects.toThrow(
      /made for another backend or prefix, not \/prod\/billing on stub \(rule: binding\)/,
    )
    // Relabelling the file for the other service does not help: the prefix is bound into the seal.
    const file = JSON.parse(readFileSync(path, 'utf8'))
    writeFileSync(path, JSON.stringify({ ...file, prefix: '/prod/billing' }))
    const relabelled = setup(path, masterKey, { service: 'billing' })
    relabelled.backend.failWith = new BackendUnavailableError('down')
    await expect(relabelled.config.load()).rejects.toThrow(/content failed authentication/)
  })

  it('refuses a snapshot older than maxAge', async () => {
    const path = join(dir, `s${++n}.json`)
    const clock = { time: Date.parse('2026-01-01T00:00:00Z'), now: () => clock.time }
    await setup(path, masterKey, { clock }).config.load()
    clock.time += 60_000
    const fresh = setup(path, masterKey, { clock, maxAge: 60_000 })
    fresh.backend.failWith = new BackendUnavailableError('down')
    await expect(fresh.config.load()).resolves.toMatchObject({ db: { host: 'db.internal' } })
    clock.time += 1
    const stale = setup(path, masterKey, { clock, maxAge: 60_000 })
    stale.backend.failWith = new BackendUnavailableError('down')
    await expect(stale.config.load()).rejects.toThrow(/older than maxAge \(60000 ms\)/)
    const byDefault = setup(path, masterKey, { clock })
    clock.time += 24 * 60 * 60 * 1000
    byDefault.backend.failWith = new BackendUnavailableError('down')
    await expect(byDefault.config.load()).rejects.toBeInstanceOf(IntegrityError)
  })

  it('numbers its writes, and refuses an older generation copied over a newer one', async () => {
    const path = join(dir, `s${++n}.json`)
    // Every change written at once (no debounce window), so the second load writes generation 2.
    const { backend, config } = setup(path, masterKey, { writeDebounceMs: 0 })
    await config.load()
    const first = readFileSync(path, 'utf8')
    backend.set('/prod/api/db/host', 'db2.internal')
    config.invalidate()
    await config.load()
    expect(config.stats().snapshot).toMatchObject({ generation: 2, writes: 2 })
    writeFileSync(path, first)
    backend.failWith = new BackendUnavailableError('down')
    config.invalidate()
    await expect(config.load()).rejects.toThrow(/generation 1 is older than generation 2/)
    // A new process continues the numbering from the file...
    const next = setup(path)
    await next.config.load()
    expect(JSON.parse(readFileSync(path, 'utf8')).generation).toBe(2)
    // ...but has no memory of generation 2: within maxAge, only outside state could tell (SECURITY.md).
    writeFileSync(path, first)
    const restarted = setup(path)
    restarted.backend.failWith = new BackendUnavailableError('down')
    await expect(restarted.config.load()).resolves.toMatchObject({ db: { host: 'db.internal' } })
  })
})
