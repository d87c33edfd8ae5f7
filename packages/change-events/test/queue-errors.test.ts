import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import { mapSdkError } from '@paramkit/aws'
import { type ConfigEvents, createConfig, isParamkitError } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import { sdkError, stubCredentials, stubTransport } from '@paramkit/test-support/stub-transport'
import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { SNS_ERRORS, SQS_ERRORS, sqsCall } from '../src/errors.js'
import { watchChanges } from '../src/index.js'
import { within } from './support/aws.js'

const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/fleet'
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:changes'

/** A real SQSClient (serialisation, error parsing) whose wire answers every call with one error. */
function failingSqs(type: string) {
  const { requestHandler } = stubTransport(() => sdkError(type, `secret-in-message ${type}`))
  return new SQSClient({ ...stubCredentials, maxAttempts: 1, requestHandler })
}

const receive = (client: SQSClient) =>
  sqsCall('refresh', QUEUE, () => client.send(new ReceiveMessageCommand({ QueueUrl: QUEUE })), {
    action: 'sqs:ReceiveMessage',
  }).then(
    () => {
      throw new Error('expected a failure')
    },
    (error: unknown) => error as Error & { code: string; permission?: string; cause: unknown },
  )

describe('SQS and SNS errors through the kit tables', () => {
  it('a missing queue is BackendUnavailable naming it, never NotFound; the SDK error is the cause', async () => {
    const error = await receive(failingSqs('QueueDoesNotExist'))
    expect(error.code).toBe('BACKEND_UNAVAILABLE')
    expect(error.message).toBe(
      `SQS queue "${QUEUE}" does not exist (QueueDoesNotExist): cached values are served until it is back`,
    )
    expect((error.cause as Error).name).toBe('QueueDoesNotExist')
  })

  it('throttles are Throttled and denials name the IAM action, for every SQS name', async () => {
    const cases = {
      ThrottlingException: ['THROTTLED', /^SQS throttled ReceiveMessage of ".+" after 1 attempt\(s\)$/],
      RequestThrottled: ['THROTTLED', /^SQS throttled ReceiveMessage/],
      KmsThrottled: ['THROTTLED', /^SQS throttled ReceiveMessage/],
      AccessDeniedException: [
        'ACCESS_DENIED',
        /^Access denied to ".+": the caller lacks sqs:ReceiveMessage$/,
      ],
      KmsAccessDenied: ['ACCESS_DENIED', /the caller lacks sqs:ReceiveMessage$/],
      InternalError: ['BACKEND_UNAVAILABLE', /^SQS failed on ReceiveMessage of ".+" \(InternalError\)$/],
    } as const
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...(Object.keys(cases) as (keyof typeof cases)[])), async (name) => {
        const error = await receive(failingSqs(name))
        const [code, message] = cases[name]
        expect(error.code).toBe(code)
        expect(error.message).toMatch(message)
        expect(error.message).not.toContain('secret-in-message')
        if (code === 'ACCESS_DENIED') expect(error.permission).toBe('sqs:ReceiveMessage')
        expect((error.cause as Error).name).toBe(name)
      }),
      { numRuns: 20 },
    )
  })

  it('SNS: a missing topic is BackendUnavailable, AuthorizationError names the action, throttles are Throttled', () => {
    const map = (name: string, action: string) =>
      mapSdkError(SNS_ERRORS, Object.assign(new Error('from SNS'), { name }), {
        operation: 'refresh',
        key: TOPIC,
        action,
      })
    const missing = map('NotFoundException', 'sns:Subscribe')
    expect([missing.code, missing.message]).toEqual([
      'BACKEND_UNAVAILABLE',
      `SNS resource "${TOPIC}" does not exist (NotFoundException): cached values are served until it is back`,
    ])
    const denied = map('AuthorizationErrorException', 'sns:Unsubscribe')
    expect([denied.code, denied.message, (denied as { permission?: string }).permission]).toEqual([
      'ACCESS_DENIED',
      `Access denied to "${TOPIC}": the caller lacks sns:Unsubscribe`,
      'sns:Unsubscribe',
    ])
    expect(map('ThrottledException', 'sns:Subscribe').code).toBe('THROTTLED')
  })

  it("set-up failures carry the kit's root cause and hint on the top line", () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'ECONNREFUSED',
      address: '127.0.0.1',
      port: 4566,
    })
    const error = mapSdkError(SQS_ERRORS, refused, {
      operation: 'refresh',
      key: QUEUE,
      action: 'sqs:ReceiveMessage',
    })
    expect(error.code).toBe('BACKEND_UNAVAILABLE')
    expect(error.message).toBe(
      `SQS failed on ReceiveMessage of "${QUEUE}": endpoint 127.0.0.1:4566 is unreachable (ECONNREFUSED): check clientConfig.endpoint or AWS_ENDPOINT_URL, and the network`,
    )
    expect(error.cause).toBe(refused)
  })

  it("watchChanges reports a denied receive on the config's error event and uses the caller's client as is", async () => {
    const backend = memoryBackend()
    await backend.put('/prod/api/db/host', 'db-1')
    const config = createConfig({ backend, env: 'prod', service: 'api' })
    expect(await config.get('db/host')).toBe('db-1')
    const errors: ConfigEvents['error'][] = []
    config.on('error', (e) => errors.push(e))
    const client = failingSqs('AccessDeniedException')
    const destroy = vi.spyOn(client, 'destroy')
    const watcher = watchChanges(config, { queueUrl: QUEUE, client, backoff: { baseMs: 1, maxMs: 5 } })
    await within(5_000, async () => watcher.stats().receiveErrors >= 2)
    await watcher.close()
    const error = errors[0]!.error
    expect(isParamkitError(error) && [error.code, (error as { permission?: string }).permission]).toEqual([
      'ACCESS_DENIED',
      'sqs:ReceiveMessage',
    ])
    expect(await config.get('db/host')).toBe('db-1')
    expect(destroy).not.toHaveBeenCalled()
  })
})
