import { createConfig, isParamkitError, KeyStateError, ValidationError } from '@paramkit/core'
import { type KmsKeyProvider, kmsKeyProvider } from '@paramkit/kms'
import { memoryBackend } from '@paramkit/memory-backend'
import { motoClientConfig } from '@paramkit/test-support/moto/clients'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

const seed = { '/prod/order-api/db/password': { type: 'SecureString' as const, value: 'pw-0f-kms-test' } }
const configWith = (keyProvider: KmsKeyProvider) =>
  createConfig({
    backend: memoryBackend({ seed }),
    env: 'prod',
    service: 'order-api',
    cache: { keyProvider },
  })

describe('a key provider failure during a load is the error thrown', () => {
  it('an unknown alias on moto: KeyStateError naming the key, with the SDK error as its cause', async () => {
    const keyProvider = kmsKeyProvider({
      keyId: 'alias/paramkit-does-not-exist',
      clientConfig: motoClientConfig(),
      retry: { maxAttempts: 1 },
    })
    const config = configWith(keyProvider)
    for (const read of [() => config.getSecret('db/password'), () => config.load()]) {
      const error = await read().then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(KeyStateError)
      expect((error as KeyStateError).message).toMatch(
        /alias\/paramkit-does-not-exist does not exist \(NotFoundException\)/,
      )
      expect((error as KeyStateError).cause).toMatchObject({ name: 'NotFoundException' })
    }
    await config.close()
  })

  it('no credentials: the credentials failure is the cause, never `cause: undefined`', async () => {
    const keyProvider = kmsKeyProvider({
      keyId: 'alias/paramkit-any',
      clientConfig: {
        ...motoClientConfig(),
        credentials: async () => {
          throw Object.assign(new Error('Could not load credentials from any providers'), {
            name: 'CredentialsProviderError',
          })
        },
      },
      retry: { maxAttempts: 1 },
    })
    const config = configWith(keyProvider)
    const error = await config.getSecret('db/password').catch((e: unknown) => e)
    expect(isParamkitError(error)).toBe(true)
    expect((error as Error).cause).toMatchObject({ name: 'CredentialsProviderError' })
    await config.close()
  })
})

describe('kmsKeyProvider checks keyId when it is made', () => {
  const valid = [
    '1234abcd-12ab-34cd-56ef-1234567890ab',
    'mrk-1234abcd12ab34cd56ef1234567890ab',
    'alias/order-api/cache',
    'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    'arn:aws-us-gov:kms:us-gov-west-1:123456789012:alias/order-api',
  ]

  it('accepts key ids, key ARNs, aliases and alias ARNs', () => {
    for (const keyId of valid) expect(() => kmsKeyProvider({ keyId })).not.toThrow()
  })

  it('refuses a missing or malformed keyId with a ValidationError, before any call', () => {
    const malformed = fc.oneof(
      fc.constantFrom(
        undefined,
        null,
        42,
        '',
        ' ',
        'alias/',
        'alias/bad name',
        'key/1234',
        'arn:aws:s3:::bucket',
      ),
      fc
        .string()
        .filter((s) => !valid.includes(s) && !/^(alias\/[\w/-]+|[0-9a-f-]{36}|mrk-[0-9a-f]{32})$/i.test(s)),
    )
    fc.assert(
      fc.property(malformed, (keyId) => {
        let error: unknown
        try {
          kmsKeyProvider({ keyId: keyId as string })
        } catch (e) {
          error = e
        }
        expect(error).toBeInstanceOf(ValidationError)
        expect(error).toMatchObject({ rule: 'kms-key-id', key: 'keyId' })
      }),
    )
  })
})
