import type { BackendChange } from '@paramkit/core/backend'
import { unwrapMessage } from './envelope.js'
import { changesOf } from './event-changes.js'

export type ParsedMessage =
  | { kind: 'changes'; id: string; changes: BackendChange[] }
  | { kind: 'foreign'; reason: string }
  | { kind: 'malformed'; reason: string }

/**
 * What an SQS message body says changed: the EventBridge event's id and the backend names it
 * touches. Direct and SNS-wrapped events are both read. Never throws, whatever the body.
 */
export function parseChangeMessage(body: unknown): ParsedMessage {
  const unwrapped = unwrapMessage(body)
  if (unwrapped.kind === 'malformed') return unwrapped
  const classified = changesOf(unwrapped.event)
  if (classified.kind !== 'changes') return classified
  return { kind: 'changes', id: unwrapped.event.id, changes: classified.changes }
}
