/** The KMS key (ARN or alias) an AWS error message names, for KeyState errors; never part of a value. */
export function kmsKeyIdIn(message: string): string | undefined {
  return /(arn:aws:kms:[^'"\s)]+|alias\/[\w/-]+)/.exec(message)?.[1]
}

/** The state of a KMS key an AWS error message reports, as words for a KeyState message. */
export function kmsKeyStateIn(message: string): string | undefined {
  if (/DisabledException|is disabled/i.test(message)) return 'is disabled'
  if (/KMSInvalidStateException|pending deletion|PendingDeletion/i.test(message)) return 'is pending deletion'
  // KMS's "...does not exist, ... or you are not allowed to access" is a denial, not a key state.
  if (/NotFoundException/.test(message) || (/does not exist/i.test(message) && !/not allowed/i.test(message)))
    return 'does not exist'
  return undefined
}
