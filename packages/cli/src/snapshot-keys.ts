import { localKeyProvider, withSnapshotKeys } from '@paramkit/core'
import type { KeyProvider } from '@paramkit/core/backend'
import type { Context } from './context.js'
import { checkInput, UsageError } from './errors.js'
import { loadPeers } from './optional.js'

/** The variable holding the master key that wraps a snapshot's data key when no KMS key is named. */
export const SNAPSHOT_KEY_ENV = 'PARAMKIT_SNAPSHOT_KEY'

/**
 * The key provider a snapshot is sealed under, checked before any call. `--kms-key-id`: the data key is
 * wrapped by that KMS key (one GenerateDataKey now, one Decrypt when an instance boots), cached values
 * sealed under local keys meanwhile. Otherwise `PARAMKIT_SNAPSHOT_KEY`, 32 random bytes in base64, as the
 * service's `localKeyProvider({ masterKey })`. Neither: a usage error.
 */
export async function snapshotKeys(ctx: Context, kmsKeyId: string | undefined): Promise<KeyProvider> {
  if (kmsKeyId !== undefined) {
    const { kmsKeyProvider } = (await loadPeers(['@paramkit/kms'], '--kms-key-id'))['@paramkit/kms']
    const client = ctx.deps.clients?.kms
    const kms = await checkInput(() =>
      kmsKeyProvider({
        keyId: kmsKeyId,
        ...(client
          ? { client: client as never }
          : { clientConfig: ctx.region ? { region: ctx.region } : {} }),
      }),
    )
    return withSnapshotKeys(localKeyProvider(), kms)
  }
  const key = ctx.io.env[SNAPSHOT_KEY_ENV]
  if (!key) {
    throw new UsageError(
      `pull --snapshot needs a key to wrap the snapshot's data key: --kms-key-id ID, or ${SNAPSHOT_KEY_ENV} (rule: snapshot-key)`,
      `pass --kms-key-id alias/your-key, or set ${SNAPSHOT_KEY_ENV} to 32 random bytes in base64 (openssl rand -base64 32), the masterKey the service gives localKeyProvider`,
    )
  }
  return checkInput(() => localKeyProvider({ masterKey: { key, encoding: 'base64' } }))
}
