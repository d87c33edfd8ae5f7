// Runs under `node --expose-gc`. Caches random secrets, drops every reference, collects garbage,
// writes a V8 heap snapshot and counts how often each plaintext appears in it.
import { randomBytes } from 'node:crypto'
import { readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeHeapSnapshot } from 'node:v8'
import { createConfig } from '../../dist/index.js'
import { EncryptedCache } from '../../dist/testing.js'

const COUNT = 20
// Only reversed copies are kept, so the test itself never holds a plaintext.
const reversed = Array.from({ length: COUNT }, () =>
  `pk-heap-${randomBytes(16).toString('hex')}`.split('').reverse().join(''),
)
const plain = (i) => reversed[i].split('').reverse().join('')
// A control value deliberately kept alive (flat, not a slice of a secret) proves the search finds strings.
const control = [Buffer.from(`pk-ctrl-${randomBytes(16).toString('hex')}`).toString('utf8')]

const cache = new EncryptedCache()
for (let i = 0; i < COUNT / 2; i++) {
  await cache.read(`/prod/api/secret${i}`, async () => ({
    name: `/prod/api/secret${i}`,
    value: plain(i),
    type: 'SecureString',
    version: '1',
    sensitive: true,
  }))
}

const backend = {
  name: 'derived',
  capabilities: {
    write: false,
    types: ['SecureString'],
    versionSelectors: false,
    labelSelectors: false,
    stages: false,
    nonRecursiveList: false,
    maxValueBytes: 4096,
    batchSize: 10,
  },
  async get(name) {
    const i = Number(name.replace('/prod/api/s', ''))
    return { name, value: plain(i), type: 'SecureString', version: '1', sensitive: true }
  },
  async getMany(names) {
    return { entries: await Promise.all(names.map((n) => this.get(n))), missing: [], invalid: [] }
  },
  async *list() {},
}
const config = createConfig({ backend, env: 'prod', service: 'api' })
await Promise.all(Array.from({ length: COUNT / 2 }, (_, i) => config.getSecret(`s${i + COUNT / 2}`)))

for (let i = 0; i < 5; i++) {
  globalThis.gc()
  await new Promise((r) => setImmediate(r))
}
const file = join(tmpdir(), `paramkit-heap-${process.pid}.heapsnapshot`)
writeHeapSnapshot(file)
const snapshot = readFileSync(file, 'latin1')
rmSync(file)

const found = reversed.map((_, i) => snapshot.split(plain(i)).length - 1)
const controlFound = snapshot.split(control[0]).length - 1
// After the snapshot: the sealed cache still gives every secret back.
let readBack = 0
for (let i = 0; i < COUNT / 2; i++) {
  const entry = await cache.read(`/prod/api/secret${i}`, async () => undefined)
  if (entry && entry.value === plain(i)) readBack++
}
for (let i = COUNT / 2; i < COUNT; i++)
  if ((await config.getSecret(`s${i}`)).reveal() === plain(i)) readBack++
const sealed = cache.stats().entries + config.stats().entries
console.log(
  JSON.stringify({ found, controlFound, readBack, sealed, backendCalls: config.stats().backendCalls }),
)
