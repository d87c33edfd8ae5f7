import { SSMClient } from '@aws-sdk/client-ssm'
import { retryStrategy } from '@paramkit/aws'
import { type StubReply, stubCredentials, stubTransport } from '@paramkit/test-support/stub-transport'

export { type StubReply, sdkError } from '@paramkit/test-support/stub-transport'

/** A real SSMClient over a stubbed transport, retrying fast. */
export function stubbedClient(
  answer: (operation: string, input: Record<string, unknown>) => StubReply,
  maxAttempts = 4,
) {
  const { requestHandler, requests, maxInFlight } = stubTransport(answer)
  const client = new SSMClient({
    ...stubCredentials,
    retryStrategy: retryStrategy({ maxAttempts, baseDelayMs: 1 }),
    requestHandler,
  })
  return { client, requests, maxInFlight }
}
