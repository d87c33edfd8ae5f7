// Bundle entry: the paramkit handler with a real SSM client (bundle size only).
import { SSMClient } from '@aws-sdk/client-ssm'
import { paramkitHandler } from './paramkit-handler.mjs'

export const handler = paramkitHandler(new SSMClient({}))
