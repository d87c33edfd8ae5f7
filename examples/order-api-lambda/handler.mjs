// The plain wrapper: `handler` is what Lambda calls (handler.mjs → handler).
import { withConfig } from '@paramkit/lambda'
import { config, required } from './config.mjs'
import { getOrder } from './orders.mjs'

export const handler = withConfig(config, async (event, context) => getOrder(event, context), { required })
