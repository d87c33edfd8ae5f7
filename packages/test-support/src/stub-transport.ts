import { Readable } from 'node:stream'
import { HttpResponse } from '@smithy/protocol-http'

export interface StubReply {
  status: number
  body: Record<string, unknown>
}

/**
 * An HTTP transport for a real AWS SDK v3 client (JSON protocols): the SDK's serialisation, retry
 * strategy and error parsing all run; only the wire is a function. For what moto does not model.
 */
export function stubTransport(answer: (operation: string, input: Record<string, unknown>) => StubReply) {
  const requests: string[] = []
  let inFlight = 0
  let maxInFlight = 0
  const requestHandler = {
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
  }
  return { requestHandler: requestHandler as never, requests, maxInFlight: () => maxInFlight }
}

export const sdkError = (type: string, message: string): StubReply => ({
  status: 400,
  body: { __type: type, message },
})

export const stubCredentials = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
}
