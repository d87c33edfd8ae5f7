import { fileURLToPath } from 'node:url'
import { PUBLISHED_FILES, packAndImport } from '@paramkit/test-support/pack-check'
import { describe, expect, it } from 'vitest'

const core = fileURLToPath(new URL('../../core', import.meta.url))
const aws = fileURLToPath(new URL('../../aws', import.meta.url))
const memory = fileURLToPath(new URL('..', import.meta.url))

const body = (load: string) => `${load}
const run = async () => {
  const backend = memoryBackend({ seed: { '/prod/api': { db: { host: 'h', password: { type: 'SecureString', value: 'pw' } } } } })
  const config = createConfig({ backend, env: 'prod', service: 'api' })
  const tree = await config.load()
  console.log(JSON.stringify({ host: tree.db.host, password: String(tree.db.password), calls: backend.stats().calls.list }))
  await config.close()
}
run()`

describe('packed tarball', () => {
  it('installs beside core and works from ESM and CommonJS, with types', () => {
    const result = packAndImport({
      packages: [core, aws, memory],
      esm: body(
        `import { memoryBackend } from '@paramkit/memory-backend'\nimport { createConfig } from '@paramkit/core'`,
      ),
      cjs: body(
        `const { memoryBackend } = require('@paramkit/memory-backend')\nconst { createConfig } = require('@paramkit/core')`,
      ),
      types: {
        mts: `import { memoryBackend, type MemoryBackend } from '@paramkit/memory-backend'\nexport const b: MemoryBackend = memoryBackend({ faults: { throttle: { tps: 40 } } })\n`,
        cts: `import { memoryBackend } from '@paramkit/memory-backend'\nexport const f: Promise<unknown> = memoryBackend.fromFile('x.json')\n`,
      },
    })
    const expected = { host: 'h', password: '[redacted]', calls: 1 }
    expect(JSON.parse(result.esm)).toEqual(expected)
    expect(JSON.parse(result.cjs)).toEqual(expected)
    expect(result.files[2]).toEqual(expect.arrayContaining(PUBLISHED_FILES))
  }, 180_000)
})
