// Suite 3: a thundering herd — 1000 concurrent cold gets of one key, 20 ms per backend call.
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm'
import { createConfig } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import { ssmBackend } from '@paramkit/ssm-backend'
import { fakeSsm } from '../fake-aws.mjs'

export async function herdSuite({ quick }) {
  const concurrency = quick ? 200 : 1000
  const store = memoryBackend({
    seed: { '/bench/herd/db/password': { type: 'SecureString', value: 'herd-pw' } },
  })
  const rows = []
  for (const [label, run] of [
    [
      'paramkit config.getSecret',
      (client) => {
        const config = createConfig({ backend: ssmBackend({ client }) })
        return Array.from({ length: concurrency }, () => config.getSecret('/bench/herd/db/password'))
      },
    ],
    [
      'Powertools SSMProvider.get',
      (client) => {
        const provider = new SSMProvider({ awsSdkV3Client: client })
        return Array.from({ length: concurrency }, () =>
          provider.get('/bench/herd/db/password', { decrypt: true }),
        )
      },
    ],
  ]) {
    const fake = fakeSsm(store, 20)
    const start = performance.now()
    await Promise.all(run(fake.client))
    rows.push({
      case: label,
      'concurrent gets': concurrency,
      'backend calls': fake.total(),
      'wall ms': Math.round(performance.now() - start),
    })
  }
  return { title: 'Thundering herd: concurrent cold gets of one key', rows }
}
