// paramkit core demo: an order-api configuration on an in-process stub backend.
// Run with `npm start` from the repository root.
import { inspect } from 'node:util'
import { createConfig, NotFoundError } from '@paramkit/core'

/** A tiny in-memory backend that counts calls. @paramkit/memory-backend is the full one. */
function stubBackend(values) {
  const calls = { get: 0, getMany: 0, list: 0 }
  const entry = (name) => ({
    name,
    value: values[name],
    type: /password|api_key|connection_string/.test(name) ? 'SecureString' : 'String',
    version: '1',
    sensitive: /password|api_key|connection_string/.test(name),
  })
  return {
    name: 'demo-stub',
    calls,
    capabilities: {
      write: false,
      types: ['String', 'SecureString'],
      versionSelectors: false,
      labelSelectors: false,
      stages: false,
      nonRecursiveList: false,
      maxValueBytes: 4096,
      batchSize: 10,
    },
    async get(name) {
      calls.get++
      if (!(name in values))
        throw new NotFoundError(`"${name}" not found`, { key: name, backend: 'demo-stub' })
      return entry(name)
    },
    async getMany(names) {
      calls.getMany++
      const found = names.filter((n) => n in values)
      return { entries: found.map(entry), missing: names.filter((n) => !(n in values)), invalid: [] }
    },
    async *list(path) {
      calls.list++
      yield {
        entries: Object.keys(values)
          .filter((n) => n.startsWith(`${path}/`))
          .map(entry),
      }
    },
  }
}

const env = process.env.APP_ENV ?? 'dev'
const backend = stubBackend({
  [`/${env}/order-api/database/host`]: `db.${env}.internal`,
  [`/${env}/order-api/database/port`]: '5432',
  [`/${env}/order-api/database/password`]: `${env}-Xk9#pq2`,
  [`/${env}/order-api/stripe/api_key`]: `sk_test_${env}_51Hc0ffee`,
  [`/${env}/order-api/config/feature_flag_v2`]: 'true',
  '/shared/config/log_level': 'info',
})

const config = createConfig({ backend, env, service: 'order-api', fallbacks: ['/shared'] })

console.log(`paramkit core demo — APP_ENV=${env}, prefix ${config.prefix}, fallbacks /shared\n`)
const tree = await config.load()
console.log('Resolved configuration (secrets are Secret objects, shown redacted):')
console.log(inspect(tree, { depth: 5, colors: false }))

const password = await config.getSecret('database/password')
console.log(`\ndatabase/password as a template literal: ${password}`)
console.log(`database/password length via reveal(): ${password.reveal().length} characters`)
console.log(`config/log_level (from the /shared fallback): ${await config.get('config/log_level')}`)

const herd = await Promise.all(Array.from({ length: 1000 }, () => config.get('database/host')))
console.log(`\n1000 concurrent gets of database/host -> ${new Set(herd).size} distinct value(s)`)

const stats = config.stats()
console.log(
  `cache: ${stats.entries} entries (values, listings, one remembered miss), ${stats.hits} hits, ${stats.misses} misses, ${stats.backendCalls} backend calls ` +
    `(list ${backend.calls.list}, getMany ${backend.calls.getMany}, get ${backend.calls.get}), ${stats.seals} seals`,
)
await config.close()
