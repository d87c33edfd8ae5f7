import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { packAndImport } from '@paramkit/test-support/pack-check'
import { describe, expect, it } from 'vitest'

const pkg = (name: string) => fileURLToPath(new URL(`../../${name}`, import.meta.url))

/** The line the CLI README shows for `--backend ssm` without @paramkit/ssm-backend. */
const readmeLine = /^\$ npx paramkit --backend ssm get database\/host\n(error: .*)$/m.exec(
  readFileSync(new URL('../README.md', import.meta.url), 'utf8'),
)![1]

const fixture = JSON.stringify({ '/pack/app': { db: { host: 'db.from-fixture' } } })

describe('the packed CLI installs alone in a fresh project (no AWS backend, no AWS SDK)', () => {
  it('runs on a memory fixture; --backend ssm, routed and doctor name what to install in one line, exit 1', () => {
    // The bin as a user runs it: exit status and both streams.
    const esm = `import { spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
writeFileSync('fixture.json', ${JSON.stringify(fixture)})
const bin = (...args) => {
  const r = spawnSync('node_modules/.bin/paramkit', ['--prefix', '/pack/app', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH } })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}
console.log(JSON.stringify({
  installed: ['@paramkit/ssm-backend', '@paramkit/secrets-manager-backend', '@aws-sdk'].filter((p) => existsSync('node_modules/' + p)),
  memory: bin('--backend', 'memory:fixture.json', 'get', 'db/host'),
  ssm: bin('--backend', 'ssm', 'get', 'database/host'),
  default: bin('ls'),
  routed: bin('--backend', 'routed', '--route-secrets', 'db/password', 'get', 'db/host'),
  doctor: bin('--backend', 'secrets-manager', 'doctor'),
}))`
    const cjs = `const { runCli } = require('@paramkit/cli')
const run = async (args) => {
  let out = '', err = ''
  const status = await runCli(['--prefix', '/pack/app', ...args], { stdout: { write: (t) => (out += t) }, stderr: { write: (t) => (err += t) }, env: {} })
  return { code: status.code, out, err }
}
;(async () => console.log(JSON.stringify({
  memory: await run(['--backend', 'memory:fixture.json', 'get', 'db/host']),
  ssm: await run(['--backend', 'ssm', 'get', 'db/host']),
})))()`
    const result = packAndImport({
      packages: ['core', 'aws', 'memory-backend', 'cli'].map(pkg),
      esm,
      cjs,
      // Checked without skipLibCheck: the CLI's types name no AWS package.
      types: {
        mts: `import { runCli, type CliDeps } from '@paramkit/cli'\nconst deps: CliDeps = { sleep: async () => {} }\nexport const s = runCli(['ls'], { stdout: process.stdout, stderr: process.stderr, env: {} }, deps)\n`,
        cts: `import { runCli, type CliIO } from '@paramkit/cli'\nconst io: CliIO = { stdout: process.stdout, stderr: process.stderr, env: {} }\nexport const s = runCli(['ls'], io)\n`,
      },
    })
    const hint = (needs: string, packages: string[]) =>
      `error: ${needs} needs ${packages.length === 1 ? `${packages[0]}, which is` : `${packages.slice(0, -1).join(', ')} and ${packages.at(-1)}, which are`} not installed (hint: npm install ${packages.join(' ')})\n`
    const failed = (stderr: string) => ({ status: 1, stdout: '', stderr })
    expect(JSON.parse(result.esm)).toEqual({
      installed: [],
      memory: {
        status: 0,
        stdout: 'db.from-fixture\n',
        stderr: expect.stringContaining('/pack/app/db/host'),
      },
      ssm: failed(hint('--backend ssm', ['@paramkit/ssm-backend'])),
      default: failed(hint('--backend ssm', ['@paramkit/ssm-backend'])),
      routed: failed(
        hint('--backend routed', ['@paramkit/ssm-backend', '@paramkit/secrets-manager-backend']),
      ),
      doctor: failed(
        hint('doctor with --backend secrets-manager', [
          '@paramkit/secrets-manager-backend',
          '@aws-sdk/client-sts',
        ]),
      ),
    })
    expect(JSON.parse(result.esm).ssm.stderr).toBe(`${readmeLine}\n`)
    expect(JSON.parse(result.cjs)).toEqual({
      memory: { code: 0, out: 'db.from-fixture\n', err: expect.any(String) },
      ssm: { code: 1, out: '', err: hint('--backend ssm', ['@paramkit/ssm-backend']) },
    })
    // npm installs no optional peer by itself, and says nothing about them.
    expect(result.installLog).not.toMatch(/ERESOLVE|peer dep/i)
  }, 240_000)
})
