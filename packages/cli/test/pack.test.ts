import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { SSMClient } from '@aws-sdk/client-ssm'
import { ssmBackend } from '@paramkit/ssm-backend'
import { motoClientConfig, motoEndpoint } from '@paramkit/test-support/moto/clients'
import { packAndImport } from '@paramkit/test-support/pack-check'
import { describe, expect, it } from 'vitest'

const pkg = (name: string) => fileURLToPath(new URL(`../../${name}`, import.meta.url))

describe('packed tarball', () => {
  it('installs the paramkit bin, which runs on a fixture and against Parameter Store (moto); runCli from ESM and CommonJS, with types', async () => {
    await ssmBackend({ client: new SSMClient(motoClientConfig()) }).put('/pack/app/db/host', 'db.from-moto', {
      overwrite: true,
    })
    const fixture = JSON.stringify({
      '/pack/app': { db: { host: 'db.from-fixture', password: { type: 'SecureString', value: 'pw' } } },
    })
    const OSC = 'a\u001b]52;c;cHduZWQ=\u0007b'
    const hostile = JSON.stringify({
      '/pack/app': {
        clip: OSC,
        node: { options: '--require ./payload.cjs' },
        token: { type: 'SecureString', value: 'pw-packed' },
      },
    })
    const planter = `import { symlinkSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
const [binPath, out, target, ...args] = process.argv.slice(2)
symlinkSync(target, out + '.' + process.pid + '.tmp')
process.argv = [process.argv[0], binPath, ...args]
await import(pathToFileURL(binPath).href)
`
    const awsEnv = JSON.stringify({
      ...process.env,
      AWS_ENDPOINT_URL: motoEndpoint(),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
    })
    const esm = `import { execFileSync, spawnSync } from 'node:child_process'
import { lstatSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { runCli } from '@paramkit/cli'
writeFileSync('fixture.json', ${JSON.stringify(fixture)})
writeFileSync('hostile.json', ${JSON.stringify(hostile)})
writeFileSync('planter.mjs', ${JSON.stringify(planter)})
writeFileSync('victim.txt', 'untouched')
const bin = (args, env) => execFileSync('node_modules/.bin/paramkit', args, { encoding: 'utf8', env }).trim()
const hostileApp = ['--backend', 'memory:hostile.json', '--prefix', '/pack/app']
// #25 finding 4: a symlink planted at the old temp name (\${out}.\${pid}.tmp) of the installed bin.
const planted = spawnSync(process.execPath, ['planter.mjs', 'node_modules/@paramkit/cli/dist/bin.js', 'out.json', 'victim.txt',
  ...hostileApp, 'pull', '--out', 'out.json', '--secrets', 'include'], { encoding: 'utf8' })
// #25 finding 5: a parameter may not set NODE_OPTIONS.
const exec = spawnSync('node_modules/.bin/paramkit', [...hostileApp, 'exec', '--', process.execPath, '-e', '0'], { encoding: 'utf8' })
console.log(JSON.stringify({
  atomic: { status: planted.status, victim: readFileSync('victim.txt', 'utf8'), file: lstatSync('out.json').isFile(), mode: (statSync('out.json').mode & 0o777).toString(8) },
  exec: { status: exec.status, named: exec.stderr.includes('NODE_OPTIONS (from /pack/app/node/options)') },
  // #25 finding 9: human output escapes the OSC 52 value; --json keeps it.
  escaped: ((out) => ({ raw: out.includes('\\u001b'), shown: out.includes('\\\\u001b]52') }))(bin([...hostileApp, 'ls', '--values'])),
  json: JSON.parse(bin([...hostileApp, 'ls', '--values', '--json'])).entries.find((e) => e.key === 'clip').value === ${JSON.stringify(OSC)},
  fixture: bin(['--backend', 'memory:fixture.json', '--prefix', '/pack/app', 'get', 'db/host']),
  secret: bin(['--backend', 'memory:fixture.json', '--prefix', '/pack/app', 'get', 'db/password']),
  moto: bin(['--backend', 'ssm', '--prefix', '/pack/app', 'get', 'db/host'], ${awsEnv}),
  help: bin(['pull', '--help']).includes('Examples:'),
  version: bin(['--version']),
  runCli: typeof runCli,
}))`
    const cjs = `const { runCli } = require('@paramkit/cli')
let out = ''
runCli(['--backend', 'memory:fixture.json', '--prefix', '/pack/app', 'ls', '--json'], {
  stdout: { write: (t) => (out += t) }, stderr: { write: () => {} }, env: {},
}).then((status) => console.log(JSON.stringify({ code: status.code, keys: JSON.parse(out).entries.map((e) => e.key) })))`
    const result = packAndImport({
      packages: ['core', 'aws', 'memory-backend', 'ssm-backend', 'secrets-manager-backend', 'cli'].map(pkg),
      esm,
      cjs,
      types: {
        mts: `import { runCli, type CliIO, type ExitStatus } from '@paramkit/cli'\nconst io: CliIO = { stdout: process.stdout, stderr: process.stderr, env: process.env }\nexport const s: Promise<ExitStatus> = runCli(['ls'], io)\n`,
        cts: `import { runCli, type CliDeps, type OutputStream } from '@paramkit/cli'\nconst out: OutputStream = process.stdout\nconst deps: CliDeps = { sleep: async () => {} }\nexport const s = runCli(['ls'], { stdout: out, stderr: out, env: {} }, deps)\n`,
      },
    })
    expect(JSON.parse(result.esm)).toEqual({
      atomic: { status: 0, victim: 'untouched', file: true, mode: '600' },
      exec: { status: 2, named: true },
      escaped: { raw: false, shown: true },
      json: true,
      fixture: 'db.from-fixture',
      secret: '[redacted]',
      moto: 'db.from-moto',
      help: true,
      version: JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version,
      runCli: 'function',
    })
    expect(JSON.parse(result.cjs)).toEqual({ code: 0, keys: ['db/host', 'db/password'] })
    expect(result.files[5]).toEqual(
      expect.arrayContaining([
        'bin/paramkit.mjs',
        'dist/bin.js',
        'dist/index.js',
        'dist/index.cjs',
        'dist/index.d.ts',
        'dist/index.d.cts',
        'README.md',
      ]),
    )
  }, 240_000)
})
