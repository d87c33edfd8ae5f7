import { BackendUnavailableError, ValidationError } from '@paramkit/core'
import { kmsKeyProvider } from '@paramkit/kms'
import { silentServer } from '@paramkit/test-support/silent-server'
import { describe, expect, it } from 'vitest'

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' }

describe('kmsKeyProvider({ timeoutMs }): a KMS that never answers cannot hang the cache', () => {
  it('GenerateDataKey and Decrypt are aborted after timeoutMs, as BackendUnavailable', async () => {
    const server = await silentServer()
    const provider = kmsKeyProvider({
      keyId: 'alias/app',
      clientConfig: { endpoint: server.endpoint, region: 'us-east-1', credentials },
      timeoutMs: 200,
    })
    for (const call of [() => provider.keyForSeal(), () => provider.unwrapSnapshotKey!(new Uint8Array(32))]) {
      const start = performance.now()
      const error = await Promise.resolve(call()).catch((e: Error) => e)
      const ms = performance.now() - start
      expect(error).toBeInstanceOf(BackendUnavailableError)
      expect((error as Error).message).toMatch(/aborted when its timeout passed/)
      expect(((error as Error).cause as Error).name).toBe('AbortError')
      expect(ms).toBeGreaterThanOrEqual(190)
      expect(ms).toBeLessThan(1000)
    }
    await server.closedAtLeast(2)
    await provider.close()
    await server.stop()
  })

  it('refuses a timeout that is not a positive number', () => {
    for (const timeoutMs of [0, -1, Number.NaN]) {
      expect(() => kmsKeyProvider({ keyId: 'alias/app', timeoutMs })).toThrow(ValidationError)
    }
  })
})
