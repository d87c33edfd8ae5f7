// Warm boot, when PARAMKIT_SNAPSHOT names the snapshot `npm run snapshot` (paramkit pull --snapshot) sealed
// at deploy: the createConfig options that open it. Its data key is unwrapped by KMS when
// PARAMKIT_SNAPSHOT_KMS_KEY_ID is set (one Decrypt per instance), else by the base64 master key in
// PARAMKIT_SNAPSHOT_KEY, the one the snapshot was sealed with. Unset: no snapshot, as before.
import { localKeyProvider, withSnapshotKeys } from '@paramkit/core'

export async function warmBootOptions(environment = process.env) {
  const path = environment.PARAMKIT_SNAPSHOT
  if (!path) return {}
  const kmsKeyId = environment.PARAMKIT_SNAPSHOT_KMS_KEY_ID
  const keyProvider = kmsKeyId
    ? withSnapshotKeys(
        localKeyProvider(),
        (await import('@paramkit/kms')).kmsKeyProvider({ keyId: kmsKeyId }),
      )
    : localKeyProvider({ masterKey: { key: environment.PARAMKIT_SNAPSHOT_KEY ?? '', encoding: 'base64' } })
  return {
    cache: { keyProvider },
    // write: false: the deployment package is read-only; the snapshot is only ever read.
    snapshot: { path, maxAge: 24 * 3600_000, warmBoot: true, write: false },
  }
}
