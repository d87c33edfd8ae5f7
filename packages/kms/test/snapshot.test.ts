import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type ConfigEvents, createConfig, IntegrityError } from '@paramkit/core'
import { kmsKeyProvider } from '@paramkit/kms'
import { memoryBackend } from '@paramkit/memory-backend'
import { describe, expect, it } from 'vitest'
import { motoKms } from './support/moto-kms.js'

const seed = {
  '/prod/api': {
    db: { host: 'db.internal', password: { type: 'SecureString' as const, value: 'Km5-snap-pw' } },
  },
}

describe('sealed snapshot under KMS', () => {
  it('holds the wrapped data key and ciphertext only, and restores when the backend is throttled', async () => {
    const { client, keyId, calls } = await motoKms()
    const path = join(mkdtempSync(join(tmpdir(), 'paramkit-kms-snap-')), 'order-api.snapshot')
    const first = createConfig({
      backend: memoryBackend({ seed }),
      env: 'prod',
      service: 'api',
      snapshot: { path },
      cache: { keyProvider: kmsKeyProvider({ client, keyId }) },
    })
    await first.load()
    await first.close()
    const file = readFileSync(path, 'utf8')
    expect(file).not.toContain('Km5-snap-pw')
    expect(file).not.toContain('db.internal')
    const wrapped = Buffer.from(JSON.parse(file).wrappedKey, 'base64')
    expect(wrapped.length).toBeGreaterThan(32)

    const down = memoryBackend({ seed, faults: { failures: [{ error: 'throttled' }] } })
    const events: ConfigEvents['snapshot'][] = []
    const second = createConfig({
      backend: down,
      env: 'prod',
      service: 'api',
      snapshot: { path },
      cache: { keyProvider: kmsKeyProvider({ client, keyId }) },
    })
    second.on('snapshot', (e) => events.push(e))
    const tree = await second.load()
    expect((tree.db as { password: { reveal(): string } }).password.reveal()).toBe('Km5-snap-pw')
    expect(events.map((e) => e.action)).toEqual(['loaded'])
    expect(second.stats().snapshot).toMatchObject({ source: 'snapshot', restores: 1 })
    expect(calls.DecryptCommand).toBeGreaterThanOrEqual(1)
    await second.close()
  })

  it('refuses a snapshot from another KMS key with Integrity', async () => {
    const a = await motoKms()
    const b = await motoKms()
    const path = join(mkdtempSync(join(tmpdir(), 'paramkit-kms-snap-')), 'snap')
    const writer = createConfig({
      backend: memoryBackend({ seed }),
      env: 'prod',
      service: 'api',
      snapshot: { path },
      cache: { keyProvider: kmsKeyProvider({ client: a.client, keyId: a.keyId }) },
    })
    await writer.load()
    const reader = createConfig({
      backend: memoryBackend({ seed, faults: { failures: [{ error: 'unavailable' }] } }),
      env: 'prod',
      service: 'api',
      snapshot: { path },
      cache: { keyProvider: kmsKeyProvider({ client: b.client, keyId: b.keyId }) },
    })
    await expect(reader.load()).rejects.toBeInstanceOf(IntegrityError)
  })
})
