import { createConfig, type Secret } from '@paramkit/core'
import { kmsKeyProvider } from '@paramkit/kms'
import { memoryBackend } from '@paramkit/memory-backend'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { collectUntil } from '../../core/test/support/gc.js'
import { motoKms } from './support/moto-kms.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('Secrets sealed under KMS data keys', () => {
  it('are sealed under the KMS provider, and a key a live Secret needs is never dropped idle', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const { client, keyId } = await motoKms()
    let now = 0
    const keyProvider = kmsKeyProvider({ client, keyId, idleDropAfter: 1000, now: () => now })
    const config = createConfig({
      backend: memoryBackend({
        seed: { '/prod/api/db/password': { type: 'SecureString', value: 'kms-s3cret' } },
      }),
      env: 'prod',
      service: 'api',
      cache: { keyProvider },
    })
    let held: Secret<string> | undefined = await config.getSecret('db/password')
    now = 5000
    vi.advanceTimersByTime(5000)
    expect(keyProvider.stats().idleDrops).toBe(0)
    // reveal() is synchronous: the pinned key is at hand, no Decrypt needed.
    expect(held.reveal()).toBe('kms-s3cret')
    expect(keyProvider.stats().unwraps).toBe(0)

    held = undefined
    // Once the Secret is collected its pin is gone, and the idle key is dropped as before.
    expect(
      await collectUntil(() => {
        now += 5000
        vi.advanceTimersByTime(5000)
        return keyProvider.stats().idleDrops > 0
      }),
    ).toBe(true)
    expect(await config.getSecret('db/password').then((s: Secret<string>) => s.reveal())).toBe('kms-s3cret')
    await config.close()
  })
})
