import { KMSClient } from '@aws-sdk/client-kms'
import { type StubReply, stubCredentials, stubTransport } from '../../../../scripts/stub-transport.js'

export { sdkError } from '../../../../scripts/stub-transport.js'

export function stubbedClient(answer: (operation: string, input: Record<string, unknown>) => StubReply) {
  const { requestHandler, requests } = stubTransport(answer)
  return { client: new KMSClient({ ...stubCredentials, maxAttempts: 1, requestHandler }), requests }
}
