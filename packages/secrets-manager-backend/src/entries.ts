import type { Entry } from '@paramkit/core/backend'

/** The parts of GetSecretValue and BatchGetSecretValue answers paramkit reads. */
export interface SecretValue {
  Name?: string | undefined
  VersionId?: string | undefined
  SecretString?: string | undefined
  SecretBinary?: Uint8Array | undefined
  VersionStages?: string[] | undefined
  CreatedDate?: Date | undefined
}

/** A secret value as a paramkit `Entry`: `Secret` for strings, `Binary` for bytes, always sensitive. */
export function toEntry(value: SecretValue, rotatesAt?: Date): Entry {
  const binary = value.SecretString === undefined && value.SecretBinary !== undefined
  const entry: Entry = {
    name: value.Name ?? '',
    value: binary ? new Uint8Array(value.SecretBinary!) : (value.SecretString ?? ''),
    type: binary ? 'Binary' : 'Secret',
    version: value.VersionId ?? '',
    stages: [...(value.VersionStages ?? [])],
    sensitive: true,
  }
  if (value.CreatedDate) entry.lastModified = value.CreatedDate
  if (rotatesAt) entry.rotatesAt = rotatesAt
  return entry
}
