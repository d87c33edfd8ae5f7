import { isParamkitError } from '@paramkit/core'
import type { Backend, Entry } from '@paramkit/core/backend'
import { hintFor } from '../errors.js'
import { policyLine, type Where } from './policy.js'

export type Status = 'ok' | 'fail' | 'skip'

export interface Check {
  check: string
  status: Status
  detail: string
  /** The permission found missing. */
  permission?: string
  /** The policy statement that grants it. */
  policy?: string
  /** Where `policy` goes, when not the caller's IAM policy (e.g. the owner's KMS key policy). */
  policyFor?: string
}

/** Turns a failed harmless call into a check: names the missing permission and the line to add. */
export function failed(check: string, error: unknown, path: string, where: Where | undefined): Check {
  const message = error instanceof Error ? error.message : String(error)
  const permission =
    isParamkitError(error) && error.code === 'ACCESS_DENIED'
      ? ((error as { permission?: string }).permission ?? check)
      : undefined
  if (!permission) {
    const hint = hintFor(error)
    return { check, status: 'fail', detail: hint ? `${message} (hint: ${hint})` : message }
  }
  return {
    check,
    status: 'fail',
    detail: `${permission} is missing: ${message}`,
    permission,
    ...(where ? { policy: policyLine(permission, path, where) } : {}),
  }
}

/** ssm:GetParametersByPath on each level: one page, values not decrypted. Returns the SecureStrings seen. */
export async function checkParameterStore(
  ssm: Backend,
  paths: readonly string[],
  where: Where | undefined,
): Promise<{ checks: Check[]; secure: Entry[] }> {
  const checks: Check[] = []
  const secure: Entry[] = []
  for (const path of paths) {
    try {
      const first = await firstPage(ssm, path)
      secure.push(...first.filter((e) => e.type === 'SecureString'))
      checks.push({
        check: 'ssm:GetParametersByPath',
        status: 'ok',
        detail: `${path}: allowed (${first.length} on the first page)`,
      })
    } catch (error) {
      checks.push(failed('ssm:GetParametersByPath', error, path, where))
    }
  }
  return { checks, secure }
}

/** kms:Decrypt through Parameter Store: decrypts one SecureString found, if any. */
export async function checkDecrypt(
  ssm: Backend,
  secure: readonly Entry[],
  where: Where | undefined,
): Promise<Check> {
  const sample = secure[0]
  if (!sample)
    return { check: 'kms:Decrypt', status: 'skip', detail: 'no SecureString under the levels to try' }
  try {
    await ssm.get(sample.name, { withDecryption: true })
    return { check: 'kms:Decrypt', status: 'ok', detail: `decrypted ${sample.name}` }
  } catch (error) {
    return failed('kms:Decrypt', error, sample.name, where)
  }
}

/**
 * secretsmanager:GetSecretValue on each level: reads a name that should not exist. "Not found"
 * proves the call is allowed there; AccessDenied that it is not.
 */
export async function checkSecretsManager(
  sm: Backend,
  paths: readonly string[],
  where: Where | undefined,
): Promise<Check[]> {
  const checks: Check[] = []
  for (const path of paths) {
    const probe = `${path === '/' ? '' : path}/paramkit-doctor-probe`
    try {
      await sm.get(probe)
      checks.push({ check: 'secretsmanager:GetSecretValue', status: 'ok', detail: `${path}: allowed` })
    } catch (error) {
      if (isParamkitError(error) && error.code === 'NOT_FOUND')
        checks.push({ check: 'secretsmanager:GetSecretValue', status: 'ok', detail: `${path}: allowed` })
      else checks.push(failed('secretsmanager:GetSecretValue', error, path, where))
    }
  }
  return checks
}

async function firstPage(backend: Backend, path: string): Promise<Entry[]> {
  for await (const page of backend.list(path, { recursive: true, withDecryption: false, pageSize: 10 }))
    return page.entries
  return []
}
