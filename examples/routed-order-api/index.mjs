// One config over two AWS backends: the order-api's database/password and stripe/api_key come from
// Secrets Manager, everything else from Parameter Store.
//
//   npm run moto                         # (repository root) moto, seeded; prints the AWS_* variables to export
//   APP_ENV=prod npm start               # against AWS or that moto (region and credentials from the environment)
//   npm start -- --seed                  # first push examples/fixtures/order-api.json, every environment
import { inspect } from 'node:util'
import { createConfig, routeBackends } from '@paramkit/core'
import { secretsManagerBackend } from '@paramkit/secrets-manager-backend'
import { ssmBackend } from '@paramkit/ssm-backend'
import { seedAws } from '../fixtures/seed-aws.mjs'
import { startOrExit } from '../fixtures/startup.mjs'

const env = process.env.APP_ENV ?? 'dev'
const base = `/${env}/order-api`
const secretKeys = [`${base}/database/password`, `${base}/stripe/api_key`]

const ssm = ssmBackend()
const secrets = secretsManagerBackend()
const backend = routeBackends([
  { match: (name) => secretKeys.includes(name), backend: secrets },
  { backend: ssm },
])

if (process.argv.includes('--seed')) await startOrExit('routed-order-api', () => seedAws())

const config = createConfig({ backend, env, service: 'order-api', fallbacks: ['/{env}/shared', '/shared'] })
const tree = await startOrExit('routed-order-api', () => config.load())
console.log(`order-api (${env}) from ${backend.name}:`)
console.log(inspect(tree, { depth: 5 }))
const password = await config.getEntry('database/password')
const host = await config.getEntry('database/host')
console.log(`database/password: type ${password.type}, stages ${password.stages?.join(',')}`)
console.log(`database/host: type ${host.type}, version ${host.version}`)
await config.close()
