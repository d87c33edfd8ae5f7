import { checkParameterName, validateName } from '@paramkit/aws'
import { checkArnService, invalidName, isArn, type NameCheck } from '@paramkit/core/backend'

const isSecretArn = (name: string) => isArn(name) && name.split(':')[2] === 'secretsmanager'

/** Parameter Store's name rules, and the ARNs of both services the memory backend stands for. */
export const checkMemoryName: NameCheck = (name, context) => {
  if (isSecretArn(name)) secretName(name)
  else checkParameterName(name, context)
}

/**
 * What a key written as an ARN reads in the store (one account, one region: those parts are not matched):
 * the parameter or secret name inside, with the key's selector, and the ARN the entry is named by.
 */
export function arnTarget(
  input: string,
  hasSecret: (name: string) => boolean,
): { name: string; arn: string } | undefined {
  if (!isArn(input)) return undefined
  if (isSecretArn(input)) {
    const name = secretName(input)
    // A real secret's ARN ends in "-" and 6 random characters after its name.
    const bare = /-[A-Za-z0-9]{6}$/.test(name) && !hasSecret(name) ? name.slice(0, -7) : name
    return { name: bare, arn: input }
  }
  const { name: arn } = validateName(input)
  const rest = arn.slice(arn.indexOf(':parameter/') + ':parameter/'.length)
  return { name: (rest.includes('/') ? `/${rest}` : rest) + input.slice(arn.length), arn }
}

function secretName(arn: string): string {
  const { resource } = checkArnService(arn, 'secretsmanager', 'memory')
  if (!resource.startsWith('secret:') || resource.length === 'secret:'.length)
    invalidName(arn, 'arn-resource', 'a Secrets Manager ARN ends in secret:NAME')
  return resource.slice('secret:'.length)
}
