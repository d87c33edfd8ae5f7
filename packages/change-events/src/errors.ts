import { type Failure, type ServiceErrors, sdkCall } from '@paramkit/aws'
import { BackendUnavailableError } from '@paramkit/core'

/**
 * A queue or topic that is gone is not a missing parameter: it is never NotFound, and the
 * config client goes on serving its cached values until it is back.
 */
function gone(names: readonly string[], noun: string) {
  return ({ name, details, what }: Failure) =>
    names.includes(name)
      ? new BackendUnavailableError(
          `${noun} ${what} does not exist (${name}): cached values are served until it is back`,
          details,
        )
      : undefined
}

/** SQS's errors as paramkit classes. Calls pass the IAM action, e.g. `sqs:ReceiveMessage`. */
export const SQS_ERRORS: ServiceErrors = {
  service: 'SQS',
  backend: 'sqs',
  noun: 'Queue',
  actions: { refresh: 'sqs:ReceiveMessage' },
  throttled: ['RequestThrottled', 'KmsThrottled'],
  denied: ['KmsAccessDenied'],
  special: gone(['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue'], 'SQS queue'),
}

/** SNS's errors as paramkit classes. Calls pass the IAM action, e.g. `sns:Subscribe`. */
export const SNS_ERRORS: ServiceErrors = {
  service: 'SNS',
  backend: 'sns',
  noun: 'Topic',
  actions: {},
  // The SDK's class names, and the bare codes of errors it does not model.
  throttled: ['ThrottledException', 'Throttled', 'KMSThrottlingException'],
  denied: ['AuthorizationErrorException', 'AuthorizationError', 'KMSAccessDeniedException'],
  special: gone(['NotFound', 'NotFoundException'], 'SNS resource'),
}

export const sqsCall = sdkCall(SQS_ERRORS)
export const snsCall = sdkCall(SNS_ERRORS)
