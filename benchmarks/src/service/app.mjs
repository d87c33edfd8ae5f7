// The service suite's route: an Express 5 handler that reads 5 configuration keys per request
// (4 String, 1 SecureString), over paramkit at default options, over Powertools, or over a plain object.
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm'
import { createConfig } from '@paramkit/core'
import { loadBeforeListen, paramkit } from '@paramkit/express'
import { ssmBackend } from '@paramkit/ssm-backend'
import express from 'express'
import { bareOpens } from '../bare-open.mjs'
import { fakeSsm, fixedStore } from '../fake-aws.mjs'
import { nestVariants } from './nest-app.mjs'

const PREFIX = '/prod/order-api'
const KEYS = ['database/host', 'database/port', 'http/timeout_ms', 'config/region']
const SECRET = 'database/password'
const VALUES = {
  [`${PREFIX}/database/host`]: 'orders.cluster-abc123.eu-west-1.rds.amazonaws.com',
  [`${PREFIX}/database/port`]: '5432',
  [`${PREFIX}/http/timeout_ms`]: '3000',
  [`${PREFIX}/config/region`]: 'eu-west-1',
  [`${PREFIX}/${SECRET}`]: 'pr0d-Pw-7f3a9c1e5b2d4a6f8e0c',
}
const TYPES = { [`${PREFIX}/${SECRET}`]: 'SecureString' }

const respond = (res, host, port, timeout, region, password) =>
  res.json({ host, port: Number(port), timeout: Number(timeout), region, passwordLength: password.length })

/** paramkit at default options (but for `cache`), through its Express adapter. */
async function paramkitApp(cache = {}) {
  const { client } = fakeSsm(fixedStore(VALUES, TYPES))
  const config = createConfig({
    backend: ssmBackend({ client }),
    env: 'prod',
    service: 'order-api',
    fallbacks: ['/{env}/shared', '/shared'],
    cache,
  })
  await loadBeforeListen(config, { required: [...KEYS, SECRET] })
  const app = express().use(paramkit(config))
  app.get('/order', async (req, res) => {
    const host = await req.config.get('database/host')
    const port = await req.config.get('database/port')
    const timeout = await req.config.get('http/timeout_ms')
    const region = await req.config.get('config/region')
    const password = await req.config.getSecret(SECRET)
    respond(res, host, port, timeout, region, password.reveal())
  })
  return app
}

/** paramkit's sync reads: the same 5 reads from the cache with no await (`req.config.getSync`), 1 reveal(). */
async function paramkitSyncApp() {
  const { client } = fakeSsm(fixedStore(VALUES, TYPES))
  const config = createConfig({
    backend: ssmBackend({ client }),
    env: 'prod',
    service: 'order-api',
    fallbacks: ['/{env}/shared', '/shared'],
  })
  await loadBeforeListen(config, { required: [...KEYS, SECRET] })
  const app = express().use(paramkit(config))
  app.get('/order', (req, res) => {
    const c = req.config
    const password = c.getSecretSync(SECRET)
    respond(
      res,
      c.getSync('database/host'),
      c.getSync('database/port'),
      c.getSync('http/timeout_ms'),
      c.getSync('config/region'),
      password.reveal(),
    )
  })
  return app
}

async function powertoolsApp() {
  const { client } = fakeSsm(fixedStore(VALUES, TYPES))
  const provider = new SSMProvider({ awsSdkV3Client: client })
  // maxAge as paramkit's default TTL, so neither refetches during a run.
  const get = (key, decrypt = false) => provider.get(`${PREFIX}/${key}`, { maxAge: 60, decrypt })
  for (const key of KEYS) await get(key)
  await get(SECRET, true)
  const app = express()
  app.get('/order', async (_req, res) => {
    const host = await get('database/host')
    const port = await get('database/port')
    const timeout = await get('http/timeout_ms')
    const region = await get('config/region')
    const password = await get(SECRET, true)
    respond(res, host, port, timeout, region, password)
  })
  return app
}

/**
 * The same route over a plain object. With `sealed`, its one secret stays sealed and is opened per request
 * by a bare AEAD open (no cache, no lookup; `'aes'`: node:crypto AES-256-GCM, `'libsodium'`: libsodium's
 * XChaCha20-Poly1305, paramkit's default): the ceiling of any route that keeps the SecureString out of
 * the heap between uses.
 */
async function plainObjectApp({ sealed } = {}) {
  const values = Object.fromEntries(
    Object.entries(VALUES).map(([name, value]) => [name.slice(PREFIX.length + 1), value]),
  )
  const secret = sealed ? bareOpens(values[SECRET])[sealed] : () => values[SECRET]
  if (sealed) delete values[SECRET]
  const app = express()
  app.get('/order', (_req, res) => {
    respond(
      res,
      values['database/host'],
      values['database/port'],
      values['http/timeout_ms'],
      values['config/region'],
      secret(),
    )
  })
  return app
}

/** The sync-read route's name. */
export const PARAMKIT_SYNC = 'paramkit, sync reads (req.config.getSync, 1 reveal)'

/** The sealed plain-object routes' names: the service suite's ceiling columns. */
export const SEALED_PLAIN = 'plain object, secret sealed (bare AES-GCM open per request)'
export const SEALED_PLAIN_SODIUM = 'plain object, secret sealed (bare libsodium open per request)'

/** Variants by name: each resolves to an Express app with everything loaded before it listens. */
export const variants = {
  paramkit: () => paramkitApp(),
  "paramkit (encrypt: 'all')": () => paramkitApp({ encrypt: 'all' }),
  // The default before libsodium (issue #24): what the libsodium default gains, measured in the same run.
  "paramkit (cipher: 'aes-256-gcm')": () => paramkitApp({ cipher: 'aes-256-gcm' }),
  [PARAMKIT_SYNC]: paramkitSyncApp,
  'Powertools SSMProvider': powertoolsApp,
  [SEALED_PLAIN]: () => plainObjectApp({ sealed: 'aes' }),
  [SEALED_PLAIN_SODIUM]: () => plainObjectApp({ sealed: 'libsodium' }),
  'plain object': () => plainObjectApp(),
}

/** The Nest routes, loaded by the same suite: their ratio is to each other. */
export const allVariants = { ...variants, ...nestVariants }
