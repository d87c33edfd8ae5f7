#!/usr/bin/env node
// `npm run moto`: starts moto on a free port, seeds every environment of examples/fixtures/order-api.json
// into Parameter Store and Secrets Manager, prints the environment to export, and runs until Ctrl-C.
import { buildAll } from '../child.mjs'
import { startMoto } from './server.mjs'

buildAll() // the seeding below uses the built packages
const { createCacheKey, seedAws } = await import('../../examples/fixtures/seed-aws.mjs')

const { url, stop } = await startMoto()
const env = {
  AWS_ENDPOINT_URL: url,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
}
try {
  Object.assign(process.env, env)
  const count = await seedAws()
  await createCacheKey()
  console.log(
    `moto on ${url}: ${count} order-api entries (dev, staging, prod, shared) in Parameter Store and Secrets Manager; KMS key alias/order-api-cache.`,
  )
} catch (error) {
  await stop()
  console.error(`moto started but seeding failed: ${error.message}`)
  process.exit(1)
}
console.log(
  'In another shell, export this, then e.g. `PARAMKIT_BACKEND=routed npm start` or `npm start -w examples/routed-order-api`:\n',
)
console.log(
  `export ${Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')}`,
)
console.log('\nCtrl-C stops moto.')
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void stop())
