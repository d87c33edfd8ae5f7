import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createConfig, localKeyProvider, withSnapshotKeys } from '@paramkit/core'
import type { KeyProvider } from '@paramkit/core/backend'
import { kmsKeyProvider } from '@paramkit/kms'
import { memoryBackend } from '@paramkit/memory-backend'
import { describe, expect, it } from 'vitest'
import { motoKms } from './support/moto-kms.js'
import { sdkError, stubbedClient } from './support/stub-transport.js'

const seed = {
  '/prod/api': {
    db: { host: 'db.internal', password: { type: 'SecureString' as const, value: 'Km5-w4rm-pw' } },
    log_level: 'info',
  },
}
/** The backend now: another host than the snapshot's, so a refused boot shows in the values. */
const live = { '/prod/api': { ...seed['/prod/api'], db: { ...seed['/prod/api'].db, host: 'live.internal' } } }

const snapshotPath = () => join(mkdtempSync(join(tmpdir(), 'paramkit-kms-boot-')), 'api.snapshot')

/** Seals the service's snapshot under `keyId` (the deploy step). */
async function writeSnapshot(path: string, keyProvider: KeyProvider) {
  const writer = createConfig({
    backend: memoryBackend({ seed }),
    env: 'prod',
    service: 'api',
    snapshot: { path },
    cache: { keyProvider },
  })
  await writer.load()
  await writer.close()
}

async function boot(path: string, keyProvider: KeyProvider, values: typeof seed = seed) {
  const config = createConfig({
    backend: memoryBackend({ seed: values }),
    env: 'prod',
    service: 'api',
    snapshot: { path, warmBoot: true },
    cache: { keyProvider },
  })
  const errors: Error[] = []
  config.on('error', (e) => errors.push(e.error))
  const tree = await config.load()
  return { config, tree, errors }
}

const hostOf = (tree: Record<string, unknown>) => (tree.db as { host: string }).host

describe('warm boot from a KMS-wrapped snapshot (moto)', () => {
  it('local cache keys + KMS snapshot key: 0 backend calls, exactly 1 KMS Decrypt and nothing else', async () => {
    const writer = await motoKms()
    const path = snapshotPath()
    await writeSnapshot(
      path,
      withSnapshotKeys(localKeyProvider(), kmsKeyProvider({ client: writer.client, keyId: writer.keyId })),
    )
    expect(writer.calls).toMatchObject({ GenerateDataKeyCommand: 1 })
    const instance = await motoKms()
    const { config, tree, errors } = await boot(
      path,
      withSnapshotKeys(localKeyProvider(), kmsKeyProvider({ client: instance.client, keyId: writer.keyId })),
    )
    expect(errors).toEqual([])
    expect(config.stats().backendCalls).toBe(0)
    expect(hostOf(tree)).toBe('db.internal')
    expect((await config.getSecret('db/password')).reveal()).toBe('Km5-w4rm-pw')
    // motoKms() made the instance's client with one CreateKey of its own; KMS saw one Decrypt for the boot.
    expect(instance.calls).toEqual({ CreateKeyCommand: 1, DecryptCommand: 1 })
    await config.close()
  })

  it('kmsKeyProvider for the cache too: 1 Decrypt for the snapshot, 1 GenerateDataKey for the cache, 0 backend calls', async () => {
    const { client, keyId, calls } = await motoKms()
    const path = snapshotPath()
    await writeSnapshot(path, kmsKeyProvider({ client, keyId }))
    for (const name of Object.keys(calls)) delete calls[name]
    const { config, errors } = await boot(path, kmsKeyProvider({ client, keyId }))
    expect(errors).toEqual([])
    expect(config.stats().backendCalls).toBe(0)
    expect(calls).toEqual({ DecryptCommand: 1, GenerateDataKeyCommand: 1 })
    await config.close()
  })

  it('a KMS key id that does not exist: the boot is refused (key-unavailable), the backend answers', async () => {
    const writer = await motoKms()
    const path = snapshotPath()
    await writeSnapshot(path, kmsKeyProvider({ client: writer.client, keyId: writer.keyId }))
    const missing = '0b7b5bd0-0000-4000-8000-000000000000'
    // The cache's own keys are local: only the snapshot's data key depends on the KMS key.
    const keys = withSnapshotKeys(
      localKeyProvider(),
      kmsKeyProvider({ client: writer.client, keyId: missing }),
    )
    const { config, tree, errors } = await boot(path, keys, live)
    // The refusal, then the write of the new snapshot after the backend load, which needs the same key.
    expect(errors.map((e) => (e as { code?: string }).code)).toEqual(['KEY_STATE', 'KEY_STATE'])
    expect(errors[0]!.message).toMatch(/does not exist/)
    expect(config.stats().snapshot!.warmBoot).toMatchObject({ outcome: 'refused', reason: 'key-unavailable' })
    expect(hostOf(tree)).toBe('live.internal')
    expect(config.stats().backendCalls).toBeGreaterThan(0)
    await config.close()
  })

  it('another KMS key than the one that wrapped it: refused (authentication), the backend answers', async () => {
    const a = await motoKms()
    const b = await motoKms()
    const path = snapshotPath()
    await writeSnapshot(path, kmsKeyProvider({ client: a.client, keyId: a.keyId }))
    const { config, tree, errors } = await boot(
      path,
      kmsKeyProvider({ client: b.client, keyId: b.keyId }),
      live,
    )
    expect(errors.map((e) => (e as { reason?: string }).reason)).toEqual(['authentication'])
    expect(config.stats().snapshot!.warmBoot).toMatchObject({ outcome: 'refused', reason: 'authentication' })
    expect(hostOf(tree)).toBe('live.internal')
    await config.close()
  })

  // moto answers Decrypt under a disabled key as if it were enabled (it does not model key states), so a
  // disabled key is KMS's own DisabledException through the real KMS client on a stubbed wire.
  for (const [type, code] of [
    ['DisabledException', 'KEY_STATE'],
    ['AccessDeniedException', 'INTEGRITY'],
  ] as const) {
    it(`Decrypt answered ${type}: refused, the backend answers`, async () => {
      const writer = await motoKms()
      const path = snapshotPath()
      await writeSnapshot(path, kmsKeyProvider({ client: writer.client, keyId: writer.keyId }))
      const { client, requests } = stubbedClient(() => sdkError(type, 'no'))
      const keys = withSnapshotKeys(localKeyProvider(), kmsKeyProvider({ client, keyId: writer.keyId }))
      const { config, tree, errors } = await boot(path, keys, live)
      // The refusal, then the failed write of a new snapshot (GenerateDataKey under the same key).
      expect((errors[0] as { code?: string }).code).toBe(code)
      expect(errors).toHaveLength(2)
      const reason = code === 'KEY_STATE' ? 'key-unavailable' : 'authentication'
      expect(config.stats().snapshot!.warmBoot).toMatchObject({ outcome: 'refused', reason })
      expect(requests).toEqual(['Decrypt', 'GenerateDataKey'])
      expect(hostOf(tree)).toBe('live.internal')
      await config.close()
    })
  }
})
