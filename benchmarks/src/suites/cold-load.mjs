// Suite 2: cold loads of N parameters by name and by path through an SSM client that adds 20 ms per
// call; paramkit and Powertools drive the same client. Minimum: ceil(N/10) calls.
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm'
import { createConfig } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import { ssmBackend } from '@paramkit/ssm-backend'
import { fakeSsm } from '../fake-aws.mjs'

const LATENCY = 20

export async function coldLoadSuite({ quick }) {
  const rows = []
  for (const n of quick ? [10, 100] : [10, 100, 1000]) {
    const store = memoryBackend()
    const path = `/bench/cold${n}`
    const names = Array.from({ length: n }, (_, i) => `${path}/k${String(i).padStart(4, '0')}`)
    for (const name of names) await store.put(name, `value-${name}`)
    const minCalls = Math.ceil(n / 10)

    rows.push(
      await measure('paramkit getMany (by name)', n, minCalls, LATENCY, store, async (client) => {
        const config = createConfig({ backend: ssmBackend({ client }) })
        await config.getMany(names)
      }),
      await measure('Powertools getParametersByName', n, minCalls, LATENCY, store, async (client) => {
        const provider = new SSMProvider({ awsSdkV3Client: client })
        await provider.getParametersByName(Object.fromEntries(names.map((name) => [name, {}])), {
          throwOnError: true,
        })
      }),
      await measure('paramkit getTree (by path)', n, minCalls, minCalls * LATENCY, store, async (client) => {
        const config = createConfig({ backend: ssmBackend({ client }) })
        await config.getTree(path)
      }),
      await measure(
        'Powertools getMultiple (by path)',
        n,
        minCalls,
        minCalls * LATENCY,
        store,
        async (client) => {
          const provider = new SSMProvider({ awsSdkV3Client: client })
          await provider.getMultiple(path, { recursive: true })
        },
      ),
    )
  }
  return {
    title: `Cold load through a ${LATENCY} ms-per-call SSM client`,
    rows,
    note:
      'By name, paramkit sends the ceil(N/10) GetParameters calls 4 at a time (its default concurrency), so N = 1000 takes 25 round trips; ' +
      'the minimum shown is one round trip with every batch in parallel. Powertools sends its batches one after another. By path, pages follow ' +
      'NextToken one by one for both. The in-process transport re-reads the whole store per page, which adds a little to large path loads for both.',
  }
}

async function measure(name, n, minCalls, minMs, store, run) {
  const fake = fakeSsm(store, LATENCY)
  const start = performance.now()
  await run(fake.client)
  const ms = performance.now() - start
  return {
    case: name,
    n,
    calls: fake.total(),
    'min calls': minCalls,
    'wall ms': Math.round(ms),
    'min ms': minMs,
  }
}
