import { GetParameterCommand, GetParametersByPathCommand } from '@aws-sdk/client-ssm'
import { kmsKeyIdIn, kmsKeyStateIn, mapSdkError, sdkCall } from '@paramkit/aws'
import {
  AccessDeniedError,
  BackendUnavailableError,
  NotFoundError,
  ThrottledError,
  ValidationError,
} from '@paramkit/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sdkError, stubbedSsm, TABLE } from './support.js'

const call = sdkCall(TABLE)
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure')
    },
    (e: unknown) => e,
  )

describe('sdkCall maps SDK errors through the service table (real client, stubbed wire)', () => {
  it('AccessDenied names the action AWS names, even while decrypting', async () => {
    const { client } = stubbedSsm(() =>
      sdkError(
        'AccessDeniedException',
        'User: arn:aws:iam::123456789012:user/app is not authorized to perform: ssm:GetParametersByPath on resource: arn:aws:ssm:us-east-1:123456789012:parameter/dev/order-api because no identity-based policy allows the ssm:GetParametersByPath action',
      ),
    )
    const error = (await failure(
      call(
        'list',
        '/dev/order-api',
        () => client.send(new GetParametersByPathCommand({ Path: '/dev/order-api' })),
        {
          decrypting: true,
        },
      ),
    )) as AccessDeniedError
    expect(error).toBeInstanceOf(AccessDeniedError)
    expect(error.permission).toBe('ssm:GetParametersByPath')
    expect(error.message).toBe('Access denied to "/dev/order-api": the caller lacks ssm:GetParametersByPath')
    expect(error).toMatchObject({ key: '/dev/order-api', backend: 'ssm', operation: 'list' })
  })

  it('AccessDenied from KMS names kms:Decrypt as the likely cause', async () => {
    const { client } = stubbedSsm(() =>
      sdkError(
        'AccessDeniedException',
        'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access. (Service: AWSKMS; Status Code: 400)',
      ),
    )
    const error = (await failure(
      call('get', '/p/db', () => client.send(new GetParameterCommand({ Name: '/p/db' }))),
    )) as AccessDeniedError
    expect(error.permission).toBe('kms:Decrypt')
    expect(error.message).toMatch(/^Access denied to "\/p\/db": the likely cause is a missing kms:Decrypt/)
  })

  it('refused credentials are AccessDenied saying what to check', async () => {
    const { client } = stubbedSsm(() =>
      sdkError('UnrecognizedClientException', 'The security token included in the request is invalid.'),
    )
    const error = await failure(
      call('get', '/p/a', () => client.send(new GetParameterCommand({ Name: '/p/a' }))),
    )
    expect(error).toBeInstanceOf(AccessDeniedError)
    expect((error as Error).message).toMatch(
      /^Parameter Store refused the credentials on get of "\/p\/a" \(UnrecognizedClientException\): check AWS_PROFILE/,
    )
  })

  it('an error body in XML (emulators, proxies) is read for the error it names', () => {
    const unparsed = Object.assign(new SyntaxError('Unexpected token <'), {
      $metadata: { httpStatusCode: 400 },
      $responseBodyText:
        '<ErrorResponse><Error><Code>ParameterNotFound</Code><Message>gone</Message></Error></ErrorResponse>',
    })
    expect(mapSdkError(TABLE, unparsed, { operation: 'get', key: '/p/a' })).toBeInstanceOf(NotFoundError)
    const forbidden = Object.assign(new SyntaxError('Unexpected token <'), {
      $metadata: { httpStatusCode: 403 },
    })
    expect(mapSdkError(TABLE, forbidden, { operation: 'get', key: '/p/a' })).toMatchObject({
      code: 'ACCESS_DENIED',
      permission: 'ssm:GetParameter',
    })
  })

  it('classifies every error name, never calls a failure "not found", never copies the SDK message', () => {
    const names = [
      'ParameterNotFound',
      'ThrottlingException',
      'ValidationException',
      'InternalServerError',
      'Boom',
    ]
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.string({ minLength: 8 }), (name, message) => {
        const cause = Object.assign(new Error(`secret ${message}`), { name, $metadata: { attempts: 2 } })
        const error = mapSdkError(TABLE, cause, { operation: 'get', key: '/p/a' })
        const expected = {
          ParameterNotFound: NotFoundError,
          ThrottlingException: ThrottledError,
          ValidationException: ValidationError,
        }[name]
        expect(error).toBeInstanceOf(expected ?? BackendUnavailableError)
        expect(error.message).not.toContain(`secret ${message}`)
        expect(error.cause).toBe(cause)
      }),
    )
  })
})

describe('KMS key id and state in AWS messages', () => {
  it('finds the key ARN or alias, and the state', () => {
    const arn = 'arn:aws:kms:us-east-1:123456789012:key/abc-123'
    expect(kmsKeyIdIn(`Key '${arn}' is disabled.`)).toBe(arn)
    expect(kmsKeyIdIn('alias/app-key is pending deletion')).toBe('alias/app-key')
    expect(kmsKeyIdIn('no key here')).toBeUndefined()
    expect(kmsKeyStateIn(`${arn} is disabled.`)).toBe('is disabled')
    expect(kmsKeyStateIn('(Error Code: KMSInvalidStateException)')).toBe('is pending deletion')
    expect(kmsKeyStateIn(`Key '${arn}' does not exist`)).toBe('does not exist')
    expect(kmsKeyStateIn('a key that does not exist, or you are not allowed to access')).toBeUndefined()
  })
})
