import {
  AccessDeniedError,
  BackendUnavailableError,
  KeyStateError,
  NotFoundError,
  ThrottledError,
  ValidationError,
} from '@paramkit/core'
import { ssmBackend } from '@paramkit/ssm-backend'
import { describe, expect, it } from 'vitest'
import { sdkError, stubbedClient } from './support/stub-transport.js'

const parameter = (Name: string) => ({
  status: 200,
  body: { Parameter: { Name, Type: 'SecureString', Value: 'pw', Version: 3 } },
})

describe('error mapping with a stubbed transport (what moto does not model)', () => {
  it('AccessDenied on decrypt names kms:Decrypt as the likely cause, with the SDK error as cause', async () => {
    const { client } = stubbedClient(() =>
      sdkError(
        'AccessDeniedException',
        'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access. (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException)',
      ),
    )
    const error = (await ssmBackend({ client })
      .get('/prod/db/password')
      .catch((e: unknown) => e)) as AccessDeniedError
    expect(error).toBeInstanceOf(AccessDeniedError)
    expect(error.permission).toBe('kms:Decrypt')
    expect(error.message).toMatch(/kms:Decrypt on the KMS key/)
    expect((error.cause as Error).name).toBe('AccessDeniedException')
    expect(error).toMatchObject({ key: '/prod/db/password', backend: 'ssm', operation: 'get' })
  })

  it('AccessDenied without decryption names the SSM action', async () => {
    const { client } = stubbedClient(() =>
      sdkError('AccessDeniedException', 'User is not authorized to perform: ssm:GetParametersByPath'),
    )
    const backend = ssmBackend({ client, withDecryption: false })
    const error = (await backend
      .list('/prod')
      [Symbol.asyncIterator]()
      .next()
      .catch((e: unknown) => e)) as AccessDeniedError
    expect(error.permission).toBe('ssm:GetParametersByPath')
  })

  it('InvalidKeyId, and KMS disabled or pending deletion, are KeyState naming the key', async () => {
    const messages: [string, string, RegExp][] = [
      ['InvalidKeyId', "Key 'arn:aws:kms:us-east-1:123456789012:key/abc' does not exist", /does not exist/],
      [
        'AccessDeniedException',
        'arn:aws:kms:us-east-1:123456789012:key/abc is disabled. (Service: AWSKMS; Error Code: DisabledException)',
        /is disabled/,
      ],
      [
        'AccessDeniedException',
        'arn:aws:kms:us-east-1:123456789012:key/abc is pending deletion. (Service: AWSKMS; Error Code: KMSInvalidStateException)',
        /pending deletion/,
      ],
    ]
    for (const [type, message, state] of messages) {
      const { client } = stubbedClient(() => sdkError(type, message))
      const error = (await ssmBackend({ client })
        .get('/prod/db/password')
        .catch((e: unknown) => e)) as KeyStateError
      expect(error).toBeInstanceOf(KeyStateError)
      expect(error.keyId).toBe('arn:aws:kms:us-east-1:123456789012:key/abc')
      expect(error.message).toMatch(state)
    }
  })

  it('a throttling storm that eases succeeds after retries', async () => {
    let calls = 0
    const { client, requests } = stubbedClient(
      () => (++calls <= 3 ? sdkError('ThrottlingException', 'Rate exceeded') : parameter('/p/a')),
      5,
    )
    const entry = await ssmBackend({ client }).get('/p/a')
    expect(entry).toMatchObject({ name: '/p/a', value: 'pw', type: 'SecureString', version: '3' })
    expect(requests).toEqual(['GetParameter', 'GetParameter', 'GetParameter', 'GetParameter'])
  })

  it('a storm that does not ease gives up with Throttled, counting the attempts', async () => {
    const { client, requests } = stubbedClient(() => sdkError('ThrottlingException', 'Rate exceeded'), 4)
    const error = (await ssmBackend({ client })
      .get('/p/a')
      .catch((e: unknown) => e)) as ThrottledError
    expect(error).toBeInstanceOf(ThrottledError)
    expect(error.attempts).toBe(4)
    expect(requests).toHaveLength(4)
    expect(error.message).toContain('after 4 attempt(s)')
  })

  it('maps not-found, validation and unknown faults, never calling a failure "not found"', async () => {
    const cases: [string, new (...args: never[]) => Error][] = [
      ['ParameterNotFound', NotFoundError],
      ['ParameterVersionNotFound', NotFoundError],
      ['ValidationException', ValidationError],
      ['ParameterAlreadyExists', ValidationError],
      ['InternalServerError', BackendUnavailableError],
    ]
    for (const [type, Class] of cases) {
      const { client } = stubbedClient(() => sdkError(type, 'secret-looking message hunter2'), 1)
      const error = (await ssmBackend({ client })
        .get('/p/a')
        .catch((e: unknown) => e)) as Error
      expect(error).toBeInstanceOf(Class)
      expect(error.message).not.toContain('hunter2')
      expect((error.cause as Error).name).toBe(type)
    }
  })

  it('runs GetParameters batches in parallel under the concurrency bound', async () => {
    const { client, requests, maxInFlight } = stubbedClient((_, input) => ({
      status: 200,
      body: {
        Parameters: (input.Names as string[]).map((Name) => ({
          Name,
          Type: 'String',
          Value: 'v',
          Version: 1,
        })),
        InvalidParameters: [],
      },
    }))
    const names = Array.from({ length: 95 }, (_, i) => `/p/k${i}`)
    const result = await ssmBackend({ client, concurrency: 3 }).getMany(names)
    expect(result.entries).toHaveLength(95)
    expect(requests).toHaveLength(10)
    expect(maxInFlight()).toBe(3)
  })

  it('checks names and sizes before any request', async () => {
    const { client, requests } = stubbedClient(() => parameter('/x'))
    const backend = ssmBackend({ client })
    await expect(backend.get('/bad name')).rejects.toBeInstanceOf(ValidationError)
    await expect(backend.put('/p/big', 'x'.repeat(8193))).rejects.toThrow(/max-value-size/)
    await expect(backend.put('/p/std', 'x'.repeat(4097), { tier: 'Standard' })).rejects.toThrow(
      /max-value-size/,
    )
    await expect(backend.put('/p/bin', new Uint8Array([1]))).rejects.toThrow(/binary-parameter/)
    await expect(backend.put('/p/s', 'v', { type: 'Secret' })).rejects.toThrow(/parameter-type/)
    await expect(backend.put('/aws/x', 'v')).rejects.toThrow(/reserved-prefix/)
    const many = await backend.getMany(['/bad name', 'also bad/'])
    expect(many.invalid).toEqual(['/bad name', 'also bad/'])
    expect(requests).toEqual([])
  })
})
