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

/** The longest common prefix of names, cut back to a level boundary: one ListSecrets filter that covers them all. */
export function commonPrefix(names: readonly string[]): string {
  if (names.length === 0) return ''
  let prefix = names[0]!
  for (const name of names.slice(1)) {
    let i = 0
    while (i < prefix.length && i < name.length && prefix[i] === name[i]) i++
    prefix = prefix.slice(0, i)
  }
  const slash = prefix.lastIndexOf('/')
  return names.length === 1 ? names[0]! : slash > 0 ? prefix.slice(0, slash + 1) : ''
}
