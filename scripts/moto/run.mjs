#!/usr/bin/env node
// `npm run moto`: starts moto on a free port, seeds every environment of examples/fixtures/order-api.json
// into Parameter Store and Secrets Manager, creates the change-events queue and its EventBridge rule,
// prints the environment to export, and runs until Ctrl-C. `npm run moto -- --empty` seeds nothing
// (the root README's CLI session starts from an empty moto and pushes the fixture itself).
import { buildAll } from '../child.mjs'
import { startMoto } from './server.mjs'

buildAll() // the seeding below uses the built packages
const { createChangeQueue } = await import('../../examples/fixtures/change-queue.mjs')
const { createCacheKey, seedAws } = await import('../../examples/fixtures/seed-aws.mjs')

const empty = process.argv.includes('--empty')
const { url, stop, kill } = await startMoto()
// Before anything is printed: a supervisor may signal as soon as it sees the export line. moto keeps
// nothing worth a clean shut-down: SIGKILL frees its port at once, even on a loaded machine (its own
// SIGTERM shut-down took more than 5 s in a full test run).
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void kill())
const env = {
  AWS_ENDPOINT_URL: url,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
}
try {
  Object.assign(process.env, env)
  const seeded = empty
    ? 'no entries (--empty)'
    : `${await seedAws()} order-api entries (dev, staging, prod, shared) in Parameter Store and Secrets Manager`
  await createCacheKey()
  env.PARAMKIT_QUEUE_URL = await createChangeQueue()
  console.log(
    `moto on ${url}: ${seeded}; KMS key alias/order-api-cache; SQS queue paramkit-changes, fed by the EventBridge rule paramkit-changes.`,
  )
} catch (error) {
  await stop()
  console.error(`moto started but seeding failed: ${error.message}`)
  process.exit(1)
}
console.log(
  'In another shell, export this, then e.g. `PARAMKIT_BACKEND=routed npm start` or `npm start -w examples/routed-order-api`\n' +
    '(PARAMKIT_QUEUE_URL is the queue the @paramkit/change-events example watches):\n',
)
console.log(
  `export ${Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')}`,
)
console.log('\nCtrl-C stops moto.')
