// Bundle entry: the Powertools handler with a real SSM client (bundle size only).
import { SSMClient } from '@aws-sdk/client-ssm'
import { powertoolsHandler } from './powertools-handler.mjs'

export const handler = powertoolsHandler(new SSMClient({}))
