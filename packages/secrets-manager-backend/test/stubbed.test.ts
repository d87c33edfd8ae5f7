import {
  AccessDeniedError,
  BackendUnavailableError,
  KeyStateError,
  NotFoundError,
  ThrottledError,
  ValidationError,
} from '@paramkit/core'
import { secretsManagerBackend } from '@paramkit/secrets-manager-backend'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sdkError, stubbedClient } from './support/stub-transport.js'

const value = (Name: string) => ({
  Name,
  ARN: `arn:aws:secretsmanager:us-east-1:1:secret:${Name}`,
  VersionId: 'v1',
  SecretString: `value-of-${Name}`,
  VersionStages: ['AWSCURRENT'],
})

describe('batches (stubbed transport)', () => {
  it('splits any number of ids into ceil(N/20) BatchGetSecretValue calls and returns every one', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 1, max: 6 }),
        async (n, concurrency) => {
          const { client, requests, maxInFlight } = stubbedClient((operation, input) => {
            if (operation === 'BatchGetSecretValue') {
              const ids = input.SecretIdList as string[]
              expect(ids.length).toBeLessThanOrEqual(20)
              return { status: 200, body: { SecretValues: ids.map(value), Errors: [] } }
            }
            return { status: 200, body: { SecretList: [] } }
          })
          const names = Array.from({ length: n }, (_, i) => `/prod/api/s${i}`)
          const result = await secretsManagerBackend({ client, concurrency }).getMany(names)
          expect(result.entries.map((e) => e.value).sort()).toEqual(names.map((x) => `value-of-${x}`).sort())
          expect(requests.filter((r) => r === 'BatchGetSecretValue')).toHaveLength(Math.ceil(n / 20))
          expect(requests.filter((r) => r === 'ListSecrets')).toHaveLength(n === 0 ? 0 : 1)
          expect(maxInFlight()).toBeLessThanOrEqual(concurrency + 1)
        },
      ),
      { numRuns: 25 },
    )
  })

  it('reports not-found and scheduled-for-deletion ids as missing, and throws other batch errors', async () => {
    const { client } = stubbedClient((operation) =>
      operation === 'BatchGetSecretValue'
        ? {
            status: 200,
            body: {
              SecretValues: [value('/a')],
              Errors: [
                { SecretId: '/b', ErrorCode: 'ResourceNotFoundException', Message: 'not found' },
                {
                  SecretId: '/c',
                  ErrorCode: 'InvalidRequestException',
                  Message:
                    'You can’t perform this operation on the secret because it was marked for deletion.',
                },
              ],
            },
          }
        : { status: 200, body: { SecretList: [] } },
    )
    const result = await secretsManagerBackend({ client }).getMany(['/a', '/b', '/c', 'bad name'])
    expect(result).toMatchObject({ missing: ['/b', '/c'], invalid: ['bad name'] })
    const { client: denied } = stubbedClient((operation) =>
      operation === 'BatchGetSecretValue'
        ? {
            status: 200,
            body: {
              SecretValues: [],
              Errors: [
                {
                  SecretId: '/a',
                  ErrorCode: 'DecryptionFailure',
                  Message: 'KMS key arn:aws:kms:us-east-1:1:key/k is disabled',
                },
              ],
            },
          }
        : { status: 200, body: { SecretList: [] } },
    )
    await expect(secretsManagerBackend({ client: denied }).getMany(['/a'])).rejects.toBeInstanceOf(
      KeyStateError,
    )
  })
})

describe('error mapping (stubbed transport)', () => {
  const cases: [string, string, new (...args: never[]) => Error, RegExp?][] = [
    ['ResourceNotFoundException', 'Secrets Manager can’t find the specified secret.', NotFoundError],
    [
      'InvalidRequestException',
      'You can’t perform this operation on the secret because it was marked for deletion.',
      NotFoundError,
      /scheduled for deletion/,
    ],
    [
      'AccessDeniedException',
      'User is not authorized to perform: secretsmanager:GetSecretValue',
      AccessDeniedError,
      /secretsmanager:GetSecretValue/,
    ],
    [
      'DecryptionFailure',
      'Secrets Manager can’t decrypt the protected secret text using the provided KMS key.',
      AccessDeniedError,
      /kms:Decrypt/,
    ],
    [
      'DecryptionFailure',
      'arn:aws:kms:us-east-1:1:key/k is pending deletion.',
      KeyStateError,
      /pending deletion/,
    ],
    ['DecryptionFailure', 'Key arn:aws:kms:us-east-1:1:key/k is disabled.', KeyStateError, /is disabled/],
    ['InvalidParameterException', 'bad parameter', ValidationError],
    ['InternalServiceError', 'boom', BackendUnavailableError],
  ]
  for (const [type, message, Class, text] of cases) {
    it(`${type} (${message.slice(0, 30)}…) becomes ${Class.name}`, async () => {
      const { client } = stubbedClient(() => sdkError(type, `${message} s3cr3t-value`), 1)
      const error = (await secretsManagerBackend({ client })
        .get('/prod/db')
        .catch((e: unknown) => e)) as Error
      expect(error).toBeInstanceOf(Class)
      if (text) expect(error.message).toMatch(text)
      expect(error.message).not.toContain('s3cr3t-value')
      expect((error.cause as Error).name).toBe(type)
    })
  }

  it('retries a throttling storm, then gives up with Throttled', async () => {
    let n = 0
    const { client, requests } = stubbedClient((operation) => {
      if (operation === 'DescribeSecret') return { status: 200, body: { Name: '/a' } }
      return ++n <= 2 ? sdkError('ThrottlingException', 'Rate exceeded') : { status: 200, body: value('/a') }
    }, 4)
    expect((await secretsManagerBackend({ client }).get('/a')).value).toBe('value-of-/a')
    expect(requests.filter((r) => r === 'GetSecretValue')).toHaveLength(3)
    const { client: storm } = stubbedClient(() => sdkError('ThrottlingException', 'Rate exceeded'), 3)
    const error = (await secretsManagerBackend({ client: storm, rotationAware: false })
      .get('/a')
      .catch((e: unknown) => e)) as ThrottledError
    expect(error).toBeInstanceOf(ThrottledError)
    expect(error.attempts).toBe(3)
  })

  it('always passes VersionStage (or VersionId) to GetSecretValue, and checks names and sizes first', async () => {
    const inputs: Record<string, unknown>[] = []
    const { client, requests } = stubbedClient((operation, input) => {
      if (operation === 'GetSecretValue') inputs.push(input)
      return operation === 'GetSecretValue' ? { status: 200, body: value('/a') } : { status: 200, body: {} }
    })
    const backend = secretsManagerBackend({ client, versionStage: 'AWSCURRENT' })
    await backend.get('/a')
    await backend.get('/a', { versionStage: 'AWSPREVIOUS' })
    await backend.get('/a', { versionId: 'v9' })
    expect(inputs).toEqual([
      { SecretId: '/a', VersionStage: 'AWSCURRENT' },
      { SecretId: '/a', VersionStage: 'AWSPREVIOUS' },
      { SecretId: '/a', VersionId: 'v9' },
    ])
    const before = requests.length
    await expect(backend.get('bad name')).rejects.toThrow(/rule: characters/)
    await expect(backend.put('/a', 'x'.repeat(65_537))).rejects.toThrow(/max-secret-size/)
    await expect(backend.put('/a', '')).rejects.toThrow(/empty-value/)
    await expect(backend.get(`/${'a'.repeat(512)}`)).rejects.toThrow(/max-length/)
    expect(requests.length).toBe(before)
  })
})
