import { ValidationError } from '@paramkit/core'
import { checkArnService, isArn, splitField } from '@paramkit/core/backend'

/** Secrets Manager's name rules: 1-512 of `A-Za-z0-9/_+=.@-`; ARNs pass as they are. */
export const SECRET_NAME = { maxLength: 512, characters: /^[A-Za-z0-9/_+=.@-]+$/ } as const

/** Checks a secret id (and an optional `#field`) before any call; throws ValidationError naming the rule. */
export function validateSecretName(
  input: string,
  options: { allowField?: boolean } = {},
): { name: string; field?: string } {
  const hash = input.indexOf('#')
  const name = hash === -1 ? input : input.slice(0, hash)
  const fail = (rule: string, message: string): never => {
    throw new ValidationError(`Invalid secret name "${name.slice(0, 120)}": ${message} (rule: ${rule})`, {
      key: input.slice(0, 120),
      backend: 'secrets-manager',
      operation: 'validate',
      rule,
    })
  }
  if (hash !== -1) {
    // The field part follows core's rules: core reads fields.
    const { field } = splitField(input, options.allowField ?? false)
    checkNameOrArn(name, fail)
    return { name, ...(field !== undefined ? { field } : {}) }
  }
  checkNameOrArn(name, fail)
  return { name }
}

/** A secret's name, or its full ARN (`arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-AbCdEf`, how another account's secret is read). */
function checkNameOrArn(name: string, fail: (rule: string, message: string) => never): void {
  if (!isArn(name)) {
    checkName(name, fail)
    return
  }
  const { resource } = checkArnService(name, 'secretsmanager', 'secrets-manager')
  if (!resource.startsWith('secret:') || resource.length === 'secret:'.length)
    fail('arn-resource', 'a Secrets Manager ARN ends in secret:NAME')
  checkName(resource.slice('secret:'.length), fail)
}

function checkName(name: string, fail: (rule: string, message: string) => never): void {
  if (name.length === 0) fail('empty', 'a name cannot be empty')
  if (name.length > SECRET_NAME.maxLength)
    fail('max-length', `a name is at most ${SECRET_NAME.maxLength} characters`)
  if (!SECRET_NAME.characters.test(name)) fail('characters', 'a name may use only A-Za-z0-9/_+=.@-')
}
