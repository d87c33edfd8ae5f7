// Runs under `node --expose-gc` with PROVIDER=local|kms (and MOTO_ENDPOINT for kms). Loads every
// environment of the order-api fixture through a config client, drops every reference to plaintext,
// collects garbage, writes a V8 heap snapshot and counts each secret's plaintext in it.
import { readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeHeapSnapshot } from 'node:v8'
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import { createConfig, localKeyProvider } from '@paramkit/core'
import { kmsKeyProvider } from '@paramkit/kms'
import { memoryBackend } from '@paramkit/memory-backend'

const fixture = process.argv[2]
const reverse = (s) => s.split('').reverse().join('')

// Only reversed copies of the secrets are kept, so this process never holds a plaintext on purpose.
function secretsReversed() {
  const out = []
  const walk = (node) => {
    for (const value of Object.values(node)) {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        if (value.type === 'SecureString') out.push(reverse(value.value))
        else walk(value)
      }
    }
  }
  walk(JSON.parse(readFileSync(fixture, 'utf8')))
  return out
}
const reversed = secretsReversed()
// Kept alive on purpose (flat, not a slice): proves the search finds a string that is there.
const control = [Buffer.from(`pk-control-${Math.random().toString(36).slice(2)}`).toString('utf8')]
const controlKey = [Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(32))).toString('hex')]

/** A backend that reads the fixture file afresh on every call and keeps nothing. */
const backend = {
  name: 'fixture-file',
  capabilities: memoryBackend().capabilities,
  async get(name, options) {
    return (await memoryBackend.fromFile(fixture)).get(name, options)
  },
  async getMany(names, options) {
    return (await memoryBackend.fromFile(fixture)).getMany(names, options)
  },
  async *list(path, options) {
    const pages = []
    for await (const page of (await memoryBackend.fromFile(fixture)).list(path, options)) pages.push(page)
    yield* pages
  },
}

// Each data key as it was handed out, byte-reversed (so this record is not the key), for the search below.
const keysReversed = []
function recording(provider) {
  const original = provider.keyForSeal.bind(provider)
  provider.keyForSeal = async () => {
    const dataKey = await original()
    keysReversed.push(Buffer.from(dataKey.key).reverse().toString('hex'))
    return dataKey
  }
  return provider
}

async function keyProvider() {
  if (process.env.PROVIDER !== 'kms') return recording(localKeyProvider())
  const client = new KMSClient({
    endpoint: process.env.MOTO_ENDPOINT,
    region: 'us-east-1',
    credentials: { accessKeyId: 't', secretAccessKey: 't' },
  })
  const { KeyMetadata } = await client.send(new CreateKeyCommand({}))
  return recording(kmsKeyProvider({ client, keyId: KeyMetadata.KeyId }))
}

const configs = []
for (const env of ['dev', 'staging', 'prod']) {
  const config = createConfig({
    backend,
    env,
    service: 'order-api',
    fallbacks: ['/shared'],
    cache: { keyProvider: await keyProvider() },
  })
  await config.load()
  configs.push(config)
}

for (let i = 0; i < 6; i++) {
  globalThis.gc()
  await new Promise((r) => setImmediate(r))
}
const file = join(tmpdir(), `paramkit-security-${process.pid}.heapsnapshot`)
writeHeapSnapshot(file)
const snapshot = readFileSync(file, 'latin1')
rmSync(file)

const found = reversed.map((r) => snapshot.split(reverse(r)).length - 1)
// Data-key bytes in the snapshot: raw, hex or base64.
const keyForms = (key) => [
  key.toString('latin1'),
  key.toString('hex'),
  key.toString('base64').replace(/=+$/, ''),
]
const countForms = (forms) => forms.reduce((n, form) => n + snapshot.split(form).length - 1, 0)
const keyBytesFound = countForms(
  [...new Set(keysReversed)].flatMap((hex) => keyForms(Buffer.from(hex, 'hex').reverse())),
)
// The same search finds a key-sized value this process keeps in the heap as hex on purpose.
const controlKeyFound = countForms(keyForms(Buffer.from(controlKey[0], 'hex')))
const sealed = configs.reduce((n, c) => n + c.stats().seals, 0)
// The cache still serves them: read one back after the snapshot.
const readBack =
  (await configs[2].getSecret('database/password')).reveal() ===
  reverse(reversed.find((r) => r.endsWith('-drp')))
const controlFound = snapshot.split(control[0]).length - 1
console.log(
  JSON.stringify({
    provider: process.env.PROVIDER,
    secrets: reversed.length,
    found,
    sealed,
    readBack,
    controlFound,
    dataKeys: new Set(keysReversed).size,
    keyBytesFound,
    controlKeyFound,
    crypto: configs[0].stats().crypto,
  }),
)
