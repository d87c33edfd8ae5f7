import { ValidationError } from '../errors.js'
import type { SnapshotOptions } from './snapshot.js'

/** Refuses a snapshot option no snapshot could work with, at `createConfig`, before any call. */
export function checkSnapshotOptions(options: SnapshotOptions): void {
  if (typeof options.path !== 'string' || options.path === '')
    throw invalid('path', 'must be a non-empty file path', 'snapshot-path')
  if (options.maxAge !== undefined && !(Number.isFinite(options.maxAge) && options.maxAge > 0))
    throw invalid('maxAge', 'must be a finite number of milliseconds, more than 0', 'snapshot-max-age')
  if (options.warmBoot !== undefined && typeof options.warmBoot !== 'boolean')
    throw invalid('warmBoot', 'must be true or false', 'snapshot-warm-boot')
  if (options.write !== undefined && typeof options.write !== 'boolean')
    throw invalid('write', 'must be true or false', 'snapshot-write')
  const revalidateMs = options.revalidateMs
  if (revalidateMs !== undefined && !(Number.isFinite(revalidateMs) && revalidateMs >= 0))
    throw invalid('revalidateMs', 'must be a finite number of milliseconds, 0 or more', 'snapshot-revalidate')
}

function invalid(option: string, what: string, rule: string): ValidationError {
  return new ValidationError(`snapshot.${option} ${what} (rule: ${rule})`, {
    key: `snapshot.${option}`,
    operation: 'snapshot',
    rule,
  })
}
