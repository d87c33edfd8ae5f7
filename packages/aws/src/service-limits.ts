import { ValidationError } from '@paramkit/core'

/** Parameter Store's limits, as the SSM backend and the memory backend enforce them. */
export const SSM_LIMITS = {
  batch: 10,
  page: 10,
  standardBytes: 4096,
  advancedBytes: 8192,
  versionsKept: 100,
  labelsPerVersion: 10,
} as const

/** Secrets Manager's limits, as the Secrets Manager backend and the memory backend enforce them. */
export const SECRETS_LIMITS = { batch: 20, page: 20, valueBytes: 65_536, versionsKept: 100 } as const

export type ParameterTier = 'Standard' | 'Advanced' | 'Intelligent-Tiering'

/**
 * Checks a value's size before any network call, as the service would: a Secrets Manager secret
 * (`tier` omitted) up to 64 KB; a parameter up to 8 KB, or 4 KB on the Standard tier. Returns the
 * tier a parameter needs. Throws ValidationError naming the key and the rule.
 */
export function checkValueSize(
  name: string,
  value: string | Uint8Array,
  backend: string,
  tier?: ParameterTier,
): 'Standard' | 'Advanced' {
  const size = typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.byteLength
  const secret = tier === undefined
  const refuse = (rule: string, message: string) =>
    new ValidationError(`${secret ? 'Secret' : 'Parameter'} "${name}": ${message} (rule: ${rule})`, {
      key: name,
      backend,
      operation: 'put',
      rule,
    })
  const max = secret ? SECRETS_LIMITS.valueBytes : SSM_LIMITS.advancedBytes
  if (size === 0) throw refuse('empty-value', 'a value cannot be empty')
  if (size > max) {
    throw refuse(
      secret ? 'max-secret-size' : 'max-value-size',
      `a value is at most ${max} bytes, got ${size}`,
    )
  }
  if (tier === 'Standard' && size > SSM_LIMITS.standardBytes) {
    throw refuse(
      'max-value-size',
      `a Standard-tier value is at most ${SSM_LIMITS.standardBytes} bytes, got ${size}`,
    )
  }
  return tier === 'Advanced' || size > SSM_LIMITS.standardBytes ? 'Advanced' : 'Standard'
}
