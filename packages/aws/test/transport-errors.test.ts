import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { mapSdkError, type ServiceErrors, sdkCall } from '@paramkit/aws'
import { BackendUnavailableError, NotFoundError, ThrottledError } from '@paramkit/core'
import { stubCredentials } from '@paramkit/test-support/stub-transport'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TABLE } from './support.js'

/** A table that would call anything not found or throttled if the kit let it decide. */
const GREEDY: ServiceErrors = {
  ...TABLE,
  notFound: ['AbortError', 'TimeoutError', 'Error'],
  throttled: ['AbortError', 'TimeoutError', 'Error'],
  special: ({ details }) => new NotFoundError('claimed by the table', details),
}

const timeout = () => new DOMException('The operation was aborted due to timeout', 'TimeoutError')

function sdkAbort(reason?: Error): Error {
  const error = new Error('Request aborted')
  error.name = 'AbortError'
  if (reason) error.cause = reason
  return error
}

const transport = (code: string) =>
  Object.assign(new Error(`connect ${code} 127.0.0.1:9`), {
    code,
    errno: -111,
    syscall: 'connect',
    address: '127.0.0.1',
    port: 9,
  })

describe('aborted, timed-out and dead calls are BackendUnavailable, never NotFound or Throttled', () => {
  it('the real SDK client aborted by a signal: AbortError, the cause kept', async () => {
    const client = new SSMClient({ ...stubCredentials, endpoint: 'http://127.0.0.1:9', maxAttempts: 1 })
    const abortSignal = AbortSignal.abort(timeout())
    const error = await sdkCall(GREEDY)('get', '/p/a', () =>
      client.send(new GetParameterCommand({ Name: '/p/a' }), { abortSignal }),
    ).catch((e: unknown) => e as Error)
    client.destroy()
    expect(error).toBeInstanceOf(BackendUnavailableError)
    expect((error as Error).message).toBe(
      'Parameter Store failed on get of "/p/a": aborted when its timeout passed (AbortError), before the endpoint answered',
    )
    const cause = (error as Error).cause as Error
    expect(cause.name).toBe('AbortError')
    expect(cause.cause).toBe(abortSignal.reason)
  })

  it('an abort without a timeout says the signal fired', () => {
    const cause = sdkAbort()
    const error = mapSdkError(GREEDY, cause, { operation: 'list', key: '/p' })
    expect(error).toBeInstanceOf(BackendUnavailableError)
    expect(error.message).toMatch(/aborted by its signal \(AbortError\)/)
    expect(error.cause).toBe(cause)
  })

  it('ECONNREFUSED, ECONNRESET and other socket errors name the address, the cause kept', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED']) {
      const cause = transport(code)
      const error = mapSdkError(GREEDY, cause, { operation: 'get', key: '/p/a' })
      expect(error).toBeInstanceOf(BackendUnavailableError)
      expect(error.message).toContain(`endpoint 127.0.0.1:9 is unreachable (${code})`)
      expect(error.cause).toBe(cause)
    }
  })

  it('whatever the table says and whatever the message, for every kind of dead call', () => {
    const dead = fc.oneof(
      fc.constant(() => sdkAbort()),
      fc.constant(() => sdkAbort(timeout())),
      fc.constant(timeout),
      fc.constantFrom('ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH').map((c) => () => transport(c)),
    )
    const operations = fc.constantFrom('get', 'getMany', 'list', 'put') as fc.Arbitrary<'get'>
    fc.assert(
      fc.property(dead, fc.string(), operations, (make, text, op) => {
        const cause = Object.assign(make(), { $metadata: { attempts: 1 }, hint: text })
        const error = mapSdkError(GREEDY, cause, { operation: op, key: '/p/a' })
        expect(error).toBeInstanceOf(BackendUnavailableError)
        expect(NotFoundError.is(error) || ThrottledError.is(error)).toBe(false)
        expect(error.cause).toBe(cause)
      }),
    )
  })
})
