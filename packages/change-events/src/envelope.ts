/** An EventBridge event as EventBridge delivers it, after any SNS wrapping is removed. */
export interface EventEnvelope {
  id: string
  source: string
  detailType: string
  detail: Record<string, unknown>
  resources: string[]
}

export type Unwrapped = { kind: 'event'; event: EventEnvelope } | { kind: 'malformed'; reason: string }

/**
 * Reads an SQS message body: an EventBridge event, either as EventBridge's SQS target writes it
 * (and SNS with RawMessageDelivery on), or inside an SNS notification's `Message` string.
 * Never throws.
 */
export function unwrapMessage(body: unknown): Unwrapped {
  const outer = parseObject(body)
  if (!outer) return { kind: 'malformed', reason: 'body is not a JSON object' }
  let inner: Record<string, unknown> | undefined = outer
  if (outer.Type === 'Notification' && 'TopicArn' in outer) {
    inner = parseObject(outer.Message)
    if (!inner) return { kind: 'malformed', reason: 'SNS Message is not a JSON object' }
  }
  const { id, source, detail, resources } = inner
  const detailType = inner['detail-type']
  if (typeof id !== 'string' || id === '') return { kind: 'malformed', reason: 'no event id' }
  if (typeof source !== 'string' || typeof detailType !== 'string')
    return { kind: 'malformed', reason: 'no source or detail-type' }
  if (!isObject(detail)) return { kind: 'malformed', reason: 'detail is not an object' }
  return {
    kind: 'event',
    event: {
      id,
      source,
      detailType,
      detail,
      resources: Array.isArray(resources) ? resources.filter((r): r is string => typeof r === 'string') : [],
    },
  }
}

function parseObject(text: unknown): Record<string, unknown> | undefined {
  if (typeof text !== 'string') return undefined
  try {
    const value: unknown = JSON.parse(text)
    return isObject(value) ? value : undefined
  } catch {
    return undefined
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
