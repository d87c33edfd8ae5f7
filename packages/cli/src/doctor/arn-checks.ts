import { isParamkitError } from '@paramkit/core'
import { type Backend, checkArnService, isArn } from '@paramkit/core/backend'
import type { Check } from './checks.js'
import type { Where } from './policy.js'

export type ArnService = 'ssm' | 'secrets-manager'

/** The backend kind that reads `arn`, checked before any call (a usage error names the rule). */
export function arnService(arn: string): ArnService {
  if (!isArn(arn))
    throw new TypeError(
      `--arn ${arn.slice(0, 120)} is not an ARN (arn:aws:ssm:... or arn:aws:secretsmanager:...)`,
    )
  const service = arn.split(':')[2]
  const kind: ArnService = service === 'secretsmanager' ? 'secrets-manager' : 'ssm'
  checkArnService(arn, kind === 'ssm' ? 'ssm' : 'secretsmanager', kind)
  return kind
}

/**
 * One read of a configured ARN (a parameter or secret another account shares): readable, or what is
 * missing and where: the caller's IAM policy, the owner's share (RAM for a parameter, the secret's
 * resource policy) or the owner's KMS key policy. Values are read and dropped, never printed.
 */
export async function checkArn(backend: Backend, arn: string, caller: Where): Promise<Check> {
  const owner = arn.split(':')[4]!
  const kind = arnService(arn)
  const action = kind === 'ssm' ? 'ssm:GetParameter' : 'secretsmanager:GetSecretValue'
  const check = `${action} ${arn}`
  try {
    await backend.get(arn, { withDecryption: true })
    return { check, status: 'ok', detail: `readable from account ${caller.account}` }
  } catch (error) {
    const permission = isParamkitError(error) ? (error as { permission?: string }).permission : undefined
    if (isParamkitError(error) && error.code === 'ACCESS_DENIED' && permission === 'kms:Decrypt') {
      return {
        check,
        status: 'fail',
        detail: `kms:Decrypt is refused: the owner (account ${owner}) must encrypt it with a customer managed key (an AWS managed key cannot be shared) whose key policy lets account ${caller.account} decrypt, and your IAM policy must allow kms:Decrypt on that key's ARN`,
        permission,
        policy: keyPolicy(caller),
        policyFor: `the key policy of account ${owner}'s KMS key`,
      }
    }
    if (isParamkitError(error) && error.code === 'ACCESS_DENIED') {
      return {
        check,
        status: 'fail',
        detail: `${action} is refused: allow it in account ${caller.account}'s IAM policy, and the owner (account ${owner}) must ${kind === 'ssm' ? 'share the parameter through AWS RAM (Advanced tier)' : "allow it in the secret's resource policy"}`,
        permission: action,
        policy: JSON.stringify({
          Effect: 'Allow',
          Action: action,
          Resource: kind === 'ssm' ? arn : `${arn}*`,
        }),
      }
    }
    if (isParamkitError(error) && error.code === 'NOT_FOUND') {
      return {
        check,
        status: 'fail',
        detail: `not found: it does not exist, or account ${owner} has not shared it with account ${caller.account}`,
      }
    }
    return { check, status: 'fail', detail: error instanceof Error ? error.message : String(error) }
  }
}

/** The key policy statement the owner adds so the caller's account may decrypt. */
function keyPolicy(caller: Where): string {
  return JSON.stringify({
    Effect: 'Allow',
    Principal: { AWS: `arn:${caller.partition}:iam::${caller.account}:root` },
    Action: 'kms:Decrypt',
    Resource: '*',
  })
}
