import { SNSClient, type SNSClientConfig } from '@aws-sdk/client-sns'
import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs'

/**
 * The one place SDK clients are made (to move onto @paramkit/aws-kit). Each is created on first
 * use, so importing the package costs no client and no credential lookup; a caller's own client
 * is used as it is.
 */
export function lazySqs(client: SQSClient | undefined, config: SQSClientConfig = {}): () => SQSClient {
  let made = client
  return () => {
    made ??= new SQSClient(config)
    return made
  }
}

export function lazySns(client: SNSClient | undefined, config: SNSClientConfig = {}): () => SNSClient {
  let made = client
  return () => {
    made ??= new SNSClient(config)
    return made
  }
}
