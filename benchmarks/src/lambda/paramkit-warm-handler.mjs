// The same paramkit handler booting from a sealed snapshot (warmBoot): its data key unwrapped by one
// KMS Decrypt (`kmsClient`), or by the master key the deploy sealed it with (PARAMKIT_SNAPSHOT_KEY).
import { createConfig, localKeyProvider, withSnapshotKeys } from '@paramkit/core'
import { ssmBackend } from '@paramkit/ssm-backend'
import { ordersHandler } from './paramkit-handler.mjs'

export async function paramkitWarmHandler(client, { path, kmsClient, keyId, masterKey }) {
  const keyProvider = kmsClient
    ? withSnapshotKeys(
        localKeyProvider(),
        (await import('@paramkit/kms')).kmsKeyProvider({ keyId, client: kmsClient }),
      )
    : localKeyProvider({ masterKey: { key: masterKey, encoding: 'base64' } })
  const config = createConfig({
    backend: ssmBackend({ client }),
    env: 'prod',
    service: 'orders',
    cache: { keyProvider },
    snapshot: { path, warmBoot: true },
  })
  return ordersHandler(config)
}
