import { Readable } from 'node:stream'
import { SSMClient } from '@aws-sdk/client-ssm'
import { backoffStrategy } from '@paramkit/ssm-backend'
import { HttpResponse } from '@smithy/protocol-http'

export interface StubReply {
  status: number
  body: Record<string, unknown>
}

/**
 * A real SSMClient whose HTTP transport is a function: the SDK's serialisation, retry strategy
 * and error parsing all run, only the wire is replaced. For what moto does not model.
 */
export function stubbedClient(
  answer: (operation: string, input: Record<string, unknown>) => StubReply,
  maxAttempts = 4,
) {
  const requests: string[] = []
  let inFlight = 0
  let maxInFlight = 0
  const client = new SSMClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    retryStrategy: backoffStrategy({ maxAttempts, baseDelayMs: 1 }),
    requestHandler: {
      async handle(request: { headers: Record<string, string>; body?: string | Uint8Array }) {
        const operation = (request.headers['x-amz-target'] ?? '').split('.').pop() ?? ''
        requests.push(operation)
        inFlight++
        maxInFlight = Math.max(maxInFlight, inFlight)
        await new Promise((r) => setTimeout(r, 2))
        inFlight--
        const body = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body)
        const reply = answer(operation, JSON.parse(body || '{}'))
        const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' }
        if (reply.status >= 400) headers['x-amzn-errortype'] = String(reply.body.__type)
        return {
          response: new HttpResponse({
            statusCode: reply.status,
            headers,
            body: Readable.from([JSON.stringify(reply.body)]),
          }),
        }
      },
    } as never,
  })
  return { client, requests, maxInFlight: () => maxInFlight }
}

export const sdkError = (type: string, message: string): StubReply => ({
  status: 400,
  body: { __type: type, message },
})
