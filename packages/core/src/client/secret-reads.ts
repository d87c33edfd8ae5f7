import type { Entry } from '../backend.js'
import { ValidationError } from '../errors.js'
import type { Secret } from '../secret.js'

/** What says whether a value is a secret: an `Entry`, or the metadata of a cached slot. */
export interface Kind {
  readonly type: string
  readonly sensitive: boolean
}

/** SecureString parameters, Secrets Manager values and anything a backend marks sensitive. */
export function isSecretKind(kind: Kind): boolean {
  return kind.sensitive || kind.type === 'SecureString' || kind.type === 'Secret'
}

/**
 * The one check every plaintext read (`get`, `getOptional`, `getMany`, `getList`, `getJSON`, and the
 * sync reads) makes: a secret's plaintext comes only out of `Secret.reveal()` / `Secret.use()`, so such
 * a read of a secret throws a ValidationError (rule `secret-read`) naming the key and `getSecret`.
 */
export function refuseSecret<T extends Kind>(kind: T, key: string, read: string, backend?: string): T {
  if (!isSecretKind(kind)) return kind
  const hint = `getSecret('${key}')`
  throw new ValidationError(
    `"${key}" is a secret: ${read}() does not return a secret's plaintext (rule: secret-read); use ${hint}, then reveal() or use()`,
    { key, operation: 'get', rule: 'secret-read', hint, ...(backend ? { backend } : {}) },
  )
}

/**
 * What `getEntry` answers: the entry's metadata, and its value as the backend gave it, except a
 * secret's, which is a sealed `Secret` (its plaintext comes only out of `reveal()` / `use()`).
 */
export type ConfigEntry =
  | (Entry & { sensitive: false })
  | (Omit<Entry, 'value' | 'sensitive'> & { value: Secret<string>; sensitive: true })

/** An entry as `getEntry` hands it out: a secret's value sealed by `seal`, anything else as it is. */
export async function sealedEntry(
  entry: Entry,
  seal: (entry: Entry) => Promise<Secret<string>>,
): Promise<ConfigEntry> {
  return isSecretKind(entry)
    ? { ...entry, value: await seal(entry), sensitive: true }
    : (entry as ConfigEntry)
}
