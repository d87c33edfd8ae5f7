import { NodeHttpHandler } from '@smithy/node-http-handler'

/** The SDK's own Node HTTP handler, counting the requests it sends: one per attempt. */
export class CountingHandler extends NodeHttpHandler {
  attempts = 0

  override handle(...args: Parameters<NodeHttpHandler['handle']>): ReturnType<NodeHttpHandler['handle']> {
    this.attempts++
    return super.handle(...args)
  }
}
