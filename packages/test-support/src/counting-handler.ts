import { NodeHttpHandler } from '@smithy/node-http-handler'

/** The SDK's own Node HTTP handler, counting the requests it sends: one per attempt. */
export class CountingHandler extends NodeHttpHandler {
  attempts = 0

  override handle(...args: Parameters<NodeHttpHandler['handle']>): ReturnType<NodeHttpHandler['handle']> {
    this.attempts++
    return super.handle(...args)
  }
}

/** One HTTP request a RecordingHandler sent: when it started and ended (performance.now()), and how it failed. */
export interface SentRequest {
  startedAt: number
  endedAt?: number
  /** The transport's error code (e.g. ECONNRESET), or its name when it has none; undefined when answered. */
  failure?: string
}

/** The SDK's own Node HTTP handler, recording each request it sends: one per attempt. */
export class RecordingHandler extends CountingHandler {
  readonly requests: SentRequest[] = []

  override handle(...args: Parameters<NodeHttpHandler['handle']>): ReturnType<NodeHttpHandler['handle']> {
    const sent: SentRequest = { startedAt: performance.now() }
    this.requests.push(sent)
    const answer = super.handle(...args)
    answer.then(
      () => {
        sent.endedAt = performance.now()
      },
      (error: { code?: string; name?: string }) => {
        sent.endedAt = performance.now()
        sent.failure = error?.code ?? error?.name ?? String(error)
      },
    )
    return answer
  }
}
