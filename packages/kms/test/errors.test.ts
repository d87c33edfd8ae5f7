import {
  AccessDeniedError,
  BackendUnavailableError,
  IntegrityError,
  KeyStateError,
  ThrottledError,
} from '@paramkit/core'
import { EncryptedCache } from '@paramkit/core/testing'
import { kmsKeyProvider } from '@paramkit/kms'
import { describe, expect, it, vi } from 'vitest'
import { sdkError, stubbedClient } from './support/stub-transport.js'

const keyId = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'

describe('KMS error mapping (stubbed transport: moto ignores key states)', () => {
  const states: [string, RegExp][] = [
    ['DisabledException', /is disabled/],
    ['KMSInvalidStateException', /pending deletion/],
    ['NotFoundException', /does not exist/],
  ]
  for (const [type, text] of states) {
    it(`${type} is KeyState naming the key id`, async () => {
      const { client } = stubbedClient(() => sdkError(type, 'key state'))
      const error = (await Promise.resolve(kmsKeyProvider({ client, keyId }).keyForSeal()).catch(
        (e: unknown) => e,
      )) as KeyStateError
      expect(error).toBeInstanceOf(KeyStateError)
      expect(error.keyId).toBe(keyId)
      expect(error.message).toContain(keyId)
      expect(error.message).toMatch(text)
    })
  }

  it('AccessDenied names kms:GenerateDataKey when sealing and kms:Decrypt when restoring a dropped key', async () => {
    const { client } = stubbedClient(() => sdkError('AccessDeniedException', 'not authorized'))
    const sealing = (await Promise.resolve(kmsKeyProvider({ client, keyId }).keyForSeal()).catch(
      (e: unknown) => e,
    )) as AccessDeniedError
    expect(sealing).toBeInstanceOf(AccessDeniedError)
    expect(sealing.permission).toBe('kms:GenerateDataKey')

    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    try {
      const bytes = (n: number) => Buffer.alloc(n, 7).toString('base64')
      const { client: partial } = stubbedClient((operation) =>
        operation === 'GenerateDataKey'
          ? { status: 200, body: { KeyId: keyId, Plaintext: bytes(32), CiphertextBlob: bytes(64) } }
          : sdkError('AccessDeniedException', 'not authorized'),
      )
      let now = 0
      const provider = kmsKeyProvider({ client: partial, keyId, idleDropAfter: 1000, now: () => now })
      const { id } = await provider.keyForSeal()
      now = 5000
      vi.advanceTimersByTime(1000)
      const opening = (await Promise.resolve(provider.keyForOpen(id)).catch(
        (e: unknown) => e,
      )) as AccessDeniedError
      expect(opening).toBeInstanceOf(AccessDeniedError)
      expect(opening.permission).toBe('kms:Decrypt')
      expect(opening.message).toContain('kms:Decrypt')
      await expect(provider.unwrapSnapshotKey!(new Uint8Array(8))).rejects.toBeInstanceOf(IntegrityError)
      await provider.close()
    } finally {
      vi.useRealTimers()
    }
  })

  it('maps throttling and unknown faults, and a cache read fails with the typed error', async () => {
    const { client: throttled } = stubbedClient(() => sdkError('ThrottlingException', 'slow'))
    await expect(
      Promise.resolve(kmsKeyProvider({ client: throttled, keyId }).keyForSeal()),
    ).rejects.toBeInstanceOf(ThrottledError)
    const { client } = stubbedClient(() => sdkError('KMSInternalException', 'boom'))
    const cache = new EncryptedCache({ keyProvider: kmsKeyProvider({ client, keyId }) })
    const error = await cache
      .read('/k', async () => ({
        name: '/k',
        value: 'v',
        type: 'SecureString',
        version: '1',
        sensitive: true,
      }))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BackendUnavailableError)
  })
})
