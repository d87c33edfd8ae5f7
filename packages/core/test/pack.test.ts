import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { packAndImport } from '../../../scripts/pack-check.js'

const core = fileURLToPath(new URL('..', import.meta.url))

const body = (load: string) => `${load}
const backend = {
  name: 'tarball', capabilities: { write: false, types: ['String'], versionSelectors: false, labelSelectors: false, stages: false, nonRecursiveList: false, maxValueBytes: 4096, batchSize: 10 },
  async get(name) { return { name, value: 'from-' + name, type: 'SecureString', version: '1', sensitive: true } },
  async getMany(names) { return { entries: await Promise.all(names.map((n) => backend.get(n))), missing: [], invalid: [] } },
  async *list() {},
}
const run = async () => {
  // @opentelemetry/api is an optional peer: not installed here, and nothing may break without it.
  let otel = 'absent'
  try { resolveHere('@opentelemetry/api'); otel = 'installed' } catch {}
  const config = core.createConfig({ backend, env: 'prod', service: 'api' })
  await config.get('db/host')
  await config.get('db/host')
  const secret = await config.getSecret('db/password')
  const sealed = config.stats().seals
  // Before close(): a Secret is sealed under the client's key provider, whose keys close() zeroes.
  const value = secret.reveal()
  await config.close()
  console.log(JSON.stringify({ value, shown: String(secret), sealed, error: new core.NotFoundError('x').code, otel }))
}
run()`

describe('packed tarball', () => {
  it('installs and works from ESM and CommonJS, with types for both conditions', () => {
    const result = packAndImport({
      packages: [core],
      esm: body(
        `import * as core from '@paramkit/core'\nimport { createRequire } from 'node:module'\nconst resolveHere = createRequire(import.meta.url).resolve`,
      ),
      cjs: body(`const core = require('@paramkit/core')\nconst resolveHere = require.resolve`),
      types: {
        mts: `import { createConfig, Secret, type Backend } from '@paramkit/core'\nconst b = {} as Backend\nconst c = createConfig({ backend: b })\nconst s: Promise<Secret<string>> = c.getSecret('k')\nexport { s }\n`,
        cts: `import { createConfig, type ConfigClient } from '@paramkit/core'\nconst f: typeof createConfig = createConfig\nexport type C = ConfigClient\nexport { f }\n`,
      },
    })
    const expected = {
      value: 'from-/prod/api/db/password',
      shown: '[redacted]',
      sealed: 2,
      error: 'NOT_FOUND',
      otel: 'absent',
    }
    expect(JSON.parse(result.esm)).toEqual(expected)
    expect(JSON.parse(result.cjs)).toEqual(expected)
    const files = result.files[0]!
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/index.js',
        'dist/index.cjs',
        'dist/index.d.ts',
        'dist/index.d.cts',
        'README.md',
        'package.json',
      ]),
    )
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false)
  }, 180_000)
})
