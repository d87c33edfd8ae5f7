// The same handler on middy (middy-handler.mjs → handler).
import middy from '@middy/core'
import { paramkitMiddleware } from '@paramkit/lambda'
import { config, required } from './config.mjs'
import { getOrder } from './orders.mjs'

export const handler = middy(async (event, context) => getOrder(event, context)).use(
  paramkitMiddleware(config, { required }),
)
