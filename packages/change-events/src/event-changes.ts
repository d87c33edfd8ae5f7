import type { BackendChange, ChangeKind } from '@paramkit/core/backend'
import { type EventEnvelope, isObject } from './envelope.js'

export type Classified =
  | { kind: 'changes'; changes: BackendChange[] }
  | { kind: 'foreign'; reason: string }
  | { kind: 'malformed'; reason: string }

const PARAMETER_OPERATIONS: Record<string, ChangeKind> = {
  Create: 'created',
  Update: 'updated',
  Delete: 'deleted',
  LabelParameterVersion: 'labeled',
}

/** Secrets Manager calls (CloudTrail) that change what a read returns. */
const SECRET_CALLS: Record<string, ChangeKind> = {
  PutSecretValue: 'updated',
  UpdateSecret: 'updated',
  UpdateSecretVersionStage: 'updated',
  RotateSecret: 'updated',
  RotationSucceeded: 'updated',
  DeleteSecret: 'deleted',
  RestoreSecret: 'created',
}

const SECRETS_REFERENCE = '/aws/reference/secretsmanager/'

/**
 * The backend changes an event reports: Parameter Store Change and Policy Action events, and
 * Secrets Manager's CloudTrail events. Anything else is foreign; our event types without a usable
 * name are malformed.
 */
export function changesOf(event: EventEnvelope): Classified {
  if (event.source === 'aws.ssm') return parameterChanges(event)
  if (event.source === 'aws.secretsmanager') return secretChanges(event)
  return { kind: 'foreign', reason: `source ${event.source}` }
}

function parameterChanges({ detailType, detail }: EventEnvelope): Classified {
  if (detailType === 'Parameter Store Change') {
    const name = nameOf(detail.name)
    if (!name) return { kind: 'malformed', reason: 'Parameter Store Change without a name' }
    const kind = PARAMETER_OPERATIONS[String(detail.operation)] ?? 'updated'
    return { kind: 'changes', changes: [{ name, kind }] }
  }
  if (detailType === 'Parameter Store Policy Action') {
    const name = nameOf(detail['parameter-name']) ?? nameOf(detail.name)
    if (!name) return { kind: 'malformed', reason: 'Parameter Store Policy Action without a name' }
    // Expiration deletes the parameter; the notifications change nothing but are worth a fresh read.
    const kind: ChangeKind = detail['policy-type'] === 'Expiration' ? 'deleted' : 'updated'
    return { kind: 'changes', changes: [{ name, kind }] }
  }
  return { kind: 'foreign', reason: `aws.ssm ${detailType}` }
}

function secretChanges({ detailType, detail }: EventEnvelope): Classified {
  if (!/^(AWS|Amazon) (API Call|Service Event) via CloudTrail$/.test(detailType))
    return { kind: 'foreign', reason: `aws.secretsmanager ${detailType}` }
  const eventName = String(detail.eventName)
  const kind = SECRET_CALLS[eventName]
  if (!kind) return { kind: 'foreign', reason: `Secrets Manager ${eventName}` }
  // A call that failed changed nothing.
  if (detail.errorCode !== undefined) return { kind: 'foreign', reason: `failed ${eventName}` }
  const request = isObject(detail.requestParameters) ? detail.requestParameters : {}
  const response = isObject(detail.responseElements) ? detail.responseElements : {}
  const extra = isObject(detail.additionalEventData) ? detail.additionalEventData : {}
  const id =
    nameOf(request.secretId) ??
    nameOf(extra.SecretId) ??
    nameOf(extra.secretId) ??
    nameOf(response.arn) ??
    nameOf(response.aRN) ??
    nameOf(response.name)
  if (!id) return { kind: 'malformed', reason: `${eventName} without a secret id` }
  return { kind: 'changes', changes: secretNames(id).map((name) => ({ name, kind })) }
}

/** Every name a client may hold a secret under: its name, its ARN, and Parameter Store's reference to it. */
export function secretNames(id: string): string[] {
  const name = secretNameOfArn(id) ?? id
  const names = new Set([name, id, SECRETS_REFERENCE + name])
  return [...names]
}

/** `arn:aws:secretsmanager:region:account:secret:NAME-AbCdEf` -> `NAME` (the six-character suffix is AWS's). */
export function secretNameOfArn(id: string): string | undefined {
  const match = /^arn:[\w-]+:secretsmanager:[^:]*:[^:]*:secret:(.+)$/.exec(id)
  if (!match) return undefined
  return match[1]!.replace(/-[A-Za-z0-9]{6}$/, '')
}

function nameOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined
}
