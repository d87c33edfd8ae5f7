// paramkit demo: the order-api configuration from examples/fixtures/order-api.json on the memory backend.
// Run with `npm start -w examples/core-demo` from the repository root (it builds what it needs first),
// or `npm start` in this folder; APP_ENV=dev|staging|prod picks the hierarchy.
import { fileURLToPath } from 'node:url'
import { inspect } from 'node:util'
import { createConfig } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'

const env = process.env.APP_ENV ?? 'dev'
const fixture = fileURLToPath(new URL('../fixtures/order-api.json', import.meta.url))
const backend = await memoryBackend.fromFile(fixture)

const config = createConfig({ backend, env, service: 'order-api', fallbacks: ['/{env}/shared', '/shared'] })

console.log(
  `paramkit demo — APP_ENV=${env}, memory backend, prefix ${config.prefix}, fallbacks /${env}/shared, /shared\n`,
)
const tree = await config.load()
console.log('Resolved configuration (secrets are Secret objects, shown redacted):')
console.log(inspect(tree, { depth: 5, colors: false }))

const password = await config.getSecret('database/password')
console.log(`\ndatabase/password as a template literal: ${password}`)
console.log(`database/password length via reveal(): ${password.reveal().length} characters`)
console.log(`config/region (from the /shared fallback): ${await config.get('config/region')}`)

const herd = await Promise.all(Array.from({ length: 1000 }, () => config.get('database/host')))
console.log(`\n1000 concurrent gets of database/host -> ${new Set(herd).size} distinct value(s)`)

const stats = config.stats()
const { calls } = backend.stats()
console.log(
  `cache: ${stats.entries} entries (values and listings), ${stats.hits} hits, ${stats.misses} misses, ${stats.backendCalls} backend calls ` +
    `(list ${calls.list}, getMany ${calls.getMany}, get ${calls.get}), ${stats.seals} seals`,
)
await config.close()
