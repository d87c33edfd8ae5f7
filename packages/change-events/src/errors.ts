import {
  AccessDeniedError,
  BackendUnavailableError,
  type ParamkitError,
  ThrottledError,
} from '@paramkit/core'

interface SdkError {
  name?: string
  Code?: string
}

const GONE = new Set([
  'QueueDoesNotExist',
  'AWS.SimpleQueueService.NonExistentQueue',
  'NotFound',
  'NotFoundException',
])
const THROTTLED = new Set(['ThrottlingException', 'Throttling', 'RequestThrottled', 'KmsThrottled'])
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'AuthorizationError', 'KmsAccessDenied'])

/**
 * An SQS or SNS failure as a paramkit error naming the queue or topic and the action; the SDK
 * error is the `cause`. A missing queue is not a missing parameter, so it is never NotFound.
 */
export function mapQueueError(error: unknown, resource: string, action: string): ParamkitError {
  const e = (error ?? {}) as SdkError
  const name = e.name ?? e.Code ?? 'Error'
  const service = action.split(':')[0]!
  const details = { key: resource, backend: service, operation: 'refresh' as const, cause: error }
  if (GONE.has(name))
    return new BackendUnavailableError(
      `The ${service.toUpperCase()} resource ${resource} does not exist (${name}); cached values are served until it is back`,
      details,
    )
  if (THROTTLED.has(name))
    return new ThrottledError(
      `${service.toUpperCase()} throttled ${action} on ${resource} (${name})`,
      details,
    )
  if (DENIED.has(name))
    return new AccessDeniedError(`Access denied to ${resource}: the caller lacks ${action} (${name})`, {
      ...details,
      permission: action,
    })
  return new BackendUnavailableError(`${action} on ${resource} failed (${name})`, details)
}
