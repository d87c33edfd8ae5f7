// One config over two AWS backends: the order-api's database/password and stripe/api_key come from
// Secrets Manager, everything else from Parameter Store.
//
//   APP_ENV=prod node index.mjs          # against your AWS account (region and credentials from the environment)
//   node index.mjs --seed                # first push examples/fixtures/order-api.json (e.g. into moto via AWS_ENDPOINT_URL)
import { fileURLToPath } from 'node:url'
import { inspect } from 'node:util'
import { createConfig, routeBackends } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import { secretsManagerBackend } from '@paramkit/secrets-manager-backend'
import { ssmBackend } from '@paramkit/ssm-backend'

const env = process.env.APP_ENV ?? 'dev'
const base = `/${env}/order-api`
const secretKeys = [`${base}/database/password`, `${base}/stripe/api_key`]

const ssm = ssmBackend()
const secrets = secretsManagerBackend()
const backend = routeBackends([
  { match: (name) => secretKeys.includes(name), backend: secrets },
  { backend: ssm },
])

if (process.argv.includes('--seed')) {
  const fixture = await memoryBackend.fromFile(
    fileURLToPath(new URL('../fixtures/order-api.json', import.meta.url)),
  )
  for await (const page of fixture.list('/')) {
    for (const entry of page.entries) {
      const type = secretKeys.includes(entry.name) ? 'Secret' : entry.type
      await backend.put(entry.name, entry.value, { type, overwrite: true })
    }
  }
}

const config = createConfig({ backend, env, service: 'order-api', fallbacks: ['/{env}/shared', '/shared'] })
const tree = await config.load()
console.log(`order-api (${env}) from ${backend.name}:`)
console.log(inspect(tree, { depth: 5 }))
const password = await config.getEntry('database/password')
const host = await config.getEntry('database/host')
console.log(`database/password: type ${password.type}, stages ${password.stages?.join(',')}`)
console.log(`database/host: type ${host.type}, version ${host.version}`)
await config.close()
