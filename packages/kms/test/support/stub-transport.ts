import { KMSClient } from '@aws-sdk/client-kms'
import { type StubReply, stubCredentials, stubTransport } from '@paramkit/test-support/stub-transport'

export { sdkError } from '@paramkit/test-support/stub-transport'

export function stubbedClient(answer: (operation: string, input: Record<string, unknown>) => StubReply) {
  const { requestHandler, requests } = stubTransport(answer)
  return { client: new KMSClient({ ...stubCredentials, maxAttempts: 1, requestHandler }), requests }
}
