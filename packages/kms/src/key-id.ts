import { ValidationError } from '@paramkit/core'

const KEY_ID =
  '(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|mrk-[0-9a-fA-F]{32})'
const ALIAS = 'alias/[a-zA-Z0-9/_-]{1,250}'
const ARN = `arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(?:key/${KEY_ID}|${ALIAS})`
const KMS_KEY = new RegExp(`^(?:${KEY_ID}|${ALIAS}|${ARN})$`)

/**
 * Refuses a `keyId` KMS could never accept, when the provider is made rather than at the first
 * seal: a key id (UUID or `mrk-…`), a key ARN, an alias name (`alias/…`) or an alias ARN.
 */
export function assertKmsKeyId(keyId: unknown): asserts keyId is string {
  if (typeof keyId === 'string' && KMS_KEY.test(keyId)) return
  const what = typeof keyId === 'string' ? `"${keyId.slice(0, 120)}" is not one` : `got ${typeof keyId}`
  throw new ValidationError(
    `kmsKeyProvider needs keyId: a KMS key id, key ARN, alias/name or alias ARN; ${what} (rule: kms-key-id)`,
    { key: 'keyId', backend: 'kms', operation: 'key', rule: 'kms-key-id' },
  )
}
