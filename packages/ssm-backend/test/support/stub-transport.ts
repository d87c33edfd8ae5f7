import { SSMClient } from '@aws-sdk/client-ssm'
import { backoffStrategy } from '@paramkit/ssm-backend'
import { type StubReply, stubCredentials, stubTransport } from '../../../../scripts/stub-transport.js'

export { type StubReply, sdkError } from '../../../../scripts/stub-transport.js'

/** A real SSMClient over a stubbed transport, retrying fast. */
export function stubbedClient(
  answer: (operation: string, input: Record<string, unknown>) => StubReply,
  maxAttempts = 4,
) {
  const { requestHandler, requests, maxInFlight } = stubTransport(answer)
  const client = new SSMClient({
    ...stubCredentials,
    retryStrategy: backoffStrategy({ maxAttempts, baseDelayMs: 1 }),
    requestHandler,
  })
  return { client, requests, maxInFlight }
}
