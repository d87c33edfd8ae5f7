import { fileURLToPath } from 'node:url'
import { packAndImport } from '@paramkit/test-support/pack-check'
import { describe, expect, it } from 'vitest'

const core = fileURLToPath(new URL('..', import.meta.url))

// A user's install without optional dependencies: no sodium-native, so sealing falls back to
// @noble/ciphers, silently unless NODE_DEBUG=paramkit asks (then one line).
const body = (imports: string) => `${imports}
const backend = {
  name: 'tarball', capabilities: { write: false, types: ['SecureString'], versionSelectors: false, labelSelectors: false, stages: false, nonRecursiveList: false, maxValueBytes: 4096, batchSize: 10 },
  async get(name) { return { name, value: 'from-' + name, type: 'SecureString', version: '1', sensitive: true } },
  async getMany(names) { return { entries: await Promise.all(names.map((n) => backend.get(n))), missing: [], invalid: [] } },
  async *list() {},
}
const probe = (env) =>
  spawnSync(process.execPath, ['-e', "require('@paramkit/core').cryptoInfo()"], { env: { ...process.env, PARAMKIT_NATIVE: '', ...env }, encoding: 'utf8' }).stderr
const run = async () => {
  let sodium = 'absent'
  try { resolveHere('sodium-native'); sodium = 'installed' } catch {}
  const config = core.createConfig({ backend, env: 'prod', service: 'api' })
  const value = (await config.getSecret('db/password')).reveal()
  const crypto = config.stats().crypto
  await config.close()
  const debug = probe({ NODE_DEBUG: 'paramkit' }).split('\\n').filter((line) => line.startsWith('PARAMKIT'))
  console.log(JSON.stringify({ sodium, value, crypto, debug: debug.map((l) => l.replace(/^PARAMKIT \\d+: /, '')), quiet: probe({ NODE_DEBUG: '' }) }))
}
run()`

describe('packed tarball installed with --omit=optional', () => {
  it('works without sodium-native: seals through @noble/ciphers, one debug line, nothing else printed', () => {
    const result = packAndImport({
      packages: [core],
      installFlags: ['--omit=optional'],
      esm: body(
        `import * as core from '@paramkit/core'\nimport { spawnSync } from 'node:child_process'\nimport { createRequire } from 'node:module'\nconst resolveHere = createRequire(import.meta.url).resolve`,
      ),
      cjs: body(
        `const core = require('@paramkit/core')\nconst { spawnSync } = require('node:child_process')\nconst resolveHere = require.resolve`,
      ),
    })
    for (const output of [result.esm, result.cjs]) {
      const { debug, ...rest } = JSON.parse(output) as { debug: string[] }
      expect(rest).toEqual({
        sodium: 'absent',
        value: 'from-/prod/api/db/password',
        crypto: { cipher: 'xchacha20-poly1305', implementation: 'noble' },
        quiet: '',
      })
      expect(debug).toHaveLength(1)
      expect(debug[0]).toMatch(
        /^sodium-native did not load \(Cannot find module 'sodium-native'.*\); sealing with @noble\/ciphers$/,
      )
    }
  }, 180_000)
})
