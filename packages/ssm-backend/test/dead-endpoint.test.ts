import { SSMClient } from '@aws-sdk/client-ssm'
import { ssmBackend } from '@paramkit/ssm-backend'
import { credentials, deadEndpointSuite } from '@paramkit/test-support/dead-endpoint-suite'

deadEndpointSuite<SSMClient>({
  clientName: 'SSMClient',
  client: (endpoint) => new SSMClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 }),
  backend: (options) => ssmBackend(options),
})
