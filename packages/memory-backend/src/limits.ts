import { ValidationError } from '@paramkit/core'

export function invalid(
  name: string,
  rule: string,
  message: string,
  operation: 'put' | 'get' | 'list' = 'put',
): ValidationError {
  return new ValidationError(`Parameter "${name}": ${message} (rule: ${rule})`, {
    key: name,
    backend: 'memory',
    operation,
    rule,
  })
}
