// Suite 7: N secrets through BatchGetSecretValue (paramkit) against one GetSecretValue per secret
// (Powertools SecretsProvider), 20 ms per call on the same client.
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets'
import { createConfig } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import { secretsManagerBackend } from '@paramkit/secrets-manager-backend'
import { fakeSecretsManager } from '../fake-aws.mjs'

export async function secretsBatchSuite({ quick }) {
  const rows = []
  for (const n of quick ? [10, 50] : [10, 50, 100]) {
    const store = memoryBackend()
    const names = Array.from({ length: n }, (_, i) => `/bench/secrets${n}/s${String(i).padStart(3, '0')}`)
    for (const name of names) await store.put(name, `secret-${name}`, { type: 'Secret' })
    for (const [label, run] of [
      [
        'paramkit getSecret × N, one tick (BatchGetSecretValue)',
        async (client) => {
          const config = createConfig({ backend: secretsManagerBackend({ client }) })
          // Secrets come only as Secrets: reads asked in one tick are batched like getMany.
          await Promise.all(names.map((name) => config.getSecret(name)))
        },
      ],
      [
        'Powertools SecretsProvider.get each',
        async (client) => {
          const provider = new SecretsProvider({ awsSdkV3Client: client })
          await Promise.all(names.map((name) => provider.get(name)))
        },
      ],
    ]) {
      const fake = fakeSecretsManager(store, 20)
      const start = performance.now()
      await run(fake.client)
      rows.push({
        case: label,
        n,
        calls: fake.total(),
        'by command': JSON.stringify(fake.calls),
        'wall ms': Math.round(performance.now() - start),
      })
    }
  }
  return { title: 'Secrets Manager: batch against one call per secret (20 ms per call)', rows }
}
