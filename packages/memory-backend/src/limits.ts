import { ValidationError } from '@paramkit/core'

export const LIMITS = {
  standardBytes: 4096,
  advancedBytes: 8192,
  secretBytes: 65_536,
  versionsKept: 100,
  labelsPerVersion: 10,
  pageSize: 10,
  getManyBatch: 10,
} as const

export type Tier = 'Standard' | 'Advanced'

export function byteLength(value: string | Uint8Array): number {
  return typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.byteLength
}

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

/** The tier a parameter value needs, as Parameter Store decides it; throws above 8 KB or 4 KB on Standard. */
export function tierFor(
  name: string,
  value: string,
  requested: 'Standard' | 'Advanced' | 'Intelligent-Tiering',
): Tier {
  const size = byteLength(value)
  if (size === 0) throw invalid(name, 'empty-value', 'a value cannot be empty')
  if (size > LIMITS.advancedBytes) {
    throw invalid(
      name,
      'max-value-size',
      `a value is at most ${LIMITS.advancedBytes} bytes (Advanced tier), got ${size}`,
    )
  }
  if (requested === 'Standard' && size > LIMITS.standardBytes) {
    throw invalid(
      name,
      'max-value-size',
      `a Standard-tier value is at most ${LIMITS.standardBytes} bytes, got ${size}`,
    )
  }
  if (requested === 'Advanced') return 'Advanced'
  return size > LIMITS.standardBytes ? 'Advanced' : 'Standard'
}
