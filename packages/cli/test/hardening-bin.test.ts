// Findings 4, 5 and 9 of #25 on the user's path: the built `paramkit` bin (dist/bin.js), as npm links it.
import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url))
const SECRET = 'Hardened-pw-9'
const OSC52 = '\u001b]52;c;cHduZWQ=\u0007'
const CSI = '\u009b2J'

/**
 * Runs the bin in a process that first plants what an attacker would at the temp-file name the CLI used to
 * write (`${out}.${pid}.tmp`, predictable from the pid): a symlink to `target`, or a world-writable file.
 */
const planter = (dir: string) => {
  const file = join(dir, 'planter.mjs')
  writeFileSync(
    file,
    `import { chmodSync, symlinkSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
const [binPath, plant, out, target, ...args] = process.argv.slice(2)
const temp = out + '.' + process.pid + '.tmp'
if (plant === 'symlink') symlinkSync(target, temp)
if (plant === 'file') { writeFileSync(temp, ''); chmodSync(temp, 0o666) }
process.argv = [process.argv[0], binPath, ...args]
await import(pathToFileURL(binPath).href)
`,
  )
  return file
}

function run(argv: string[], env: Record<string, string> = {}, prefix: string[] = []) {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm run build first`)
  return spawnSync(process.execPath, [...prefix, ...(prefix.length ? [] : [bin]), ...argv], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  })
}

function fixture(dir: string, values: Record<string, unknown>): string {
  const file = join(dir, 'fixture.json')
  writeFileSync(file, JSON.stringify({ '/app': values }))
  return file
}

const mode = (path: string) => statSync(path).mode & 0o777

describe('finding 4: files are written atomically, 0600 when they hold secrets, never through a planted file', () => {
  for (const plant of ['symlink', 'file'] as const) {
    it(`pull --secrets include, with a ${plant} planted at the old temp name`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'paramkit-atomic-'))
      const fix = fixture(dir, { db: { password: { type: 'SecureString', value: SECRET }, host: 'h' } })
      const out = join(dir, 'out.json')
      const victim = join(dir, 'victim.txt')
      writeFileSync(victim, 'untouched')
      const args = [
        '--backend',
        `memory:${fix}`,
        '--prefix',
        '/app',
        'pull',
        '--out',
        out,
        '--secrets',
        'include',
      ]
      const result = run([bin, plant, out, victim, ...args], {}, [planter(dir)])
      expect(result.status, result.stderr).toBe(0)
      expect(readFileSync(victim, 'utf8')).toBe('untouched')
      expect(lstatSync(out).isFile()).toBe(true)
      expect(readFileSync(out, 'utf8')).toContain(SECRET)
      expect(mode(out)).toBe(0o600)
    })
  }

  it('pull over a symlink and a 0666 file at the output itself: replaced, 0600', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paramkit-atomic-'))
    const fix = fixture(dir, { token: { type: 'SecureString', value: SECRET } })
    const victim = join(dir, 'victim.txt')
    writeFileSync(victim, 'untouched')
    const linked = join(dir, 'linked.json')
    symlinkSync(victim, linked)
    const open = join(dir, 'open.json')
    writeFileSync(open, '{}')
    chmodSync(open, 0o666)
    for (const out of [linked, open]) {
      const result = run([
        '--backend',
        `memory:${fix}`,
        '--prefix',
        '/app',
        'pull',
        '--out',
        out,
        '--secrets',
        'include',
      ])
      expect(result.status, result.stderr).toBe(0)
      expect(lstatSync(out).isFile()).toBe(true)
      expect(mode(out)).toBe(0o600)
    }
    expect(readFileSync(victim, 'utf8')).toBe('untouched')
  })

  it('push into memory:FILE keeps a file holding secrets at 0600', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paramkit-atomic-'))
    const store = join(dir, 'store.json')
    writeFileSync(store, JSON.stringify({ '/app': { old: { type: 'SecureString', value: SECRET } } }))
    chmodSync(store, 0o600)
    const input = fixture(dir, { fresh: { type: 'SecureString', value: 'other-pw' } })
    const result = run(['--backend', `memory:${store}`, 'push', input, '--no-progress'])
    expect(result.status, result.stderr).toBe(0)
    expect(readFileSync(store, 'utf8')).toContain('other-pw')
    expect(mode(store)).toBe(0o600)
  })
})

describe('finding 5: exec refuses parameters that change how the child runs, and keeps what is set', () => {
  const print = [process.execPath, '-e', 'console.log(JSON.stringify(process.env))']

  it('refuses NODE_OPTIONS, PATH, LD_PRELOAD and *_PROXY from parameters with exit 2, naming each', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paramkit-exec-'))
    const payload = join(dir, 'payload.cjs')
    writeFileSync(payload, "require('node:fs').writeFileSync(process.env.PWNED_AT, 'ran')")
    const pwned = join(dir, 'pwned')
    const fix = fixture(dir, {
      node: { options: `--require ${payload}` },
      path: '/tmp/evil',
      ld: { preload: '/tmp/evil.so' },
      https: { proxy: 'http://evil:8080' },
      db: { password: { type: 'SecureString', value: SECRET } },
    })
    const result = run(['--backend', `memory:${fix}`, '--prefix', '/app', 'exec', '--', ...print], {
      PWNED_AT: pwned,
    })
    expect(result.status).toBe(2)
    for (const [name, parameter] of [
      ['NODE_OPTIONS', '/app/node/options'],
      ['PATH', '/app/path'],
      ['LD_PRELOAD', '/app/ld/preload'],
      ['HTTPS_PROXY', '/app/https/proxy'],
    ])
      expect(result.stderr).toContain(`${name} (from ${parameter})`)
    expect(result.stderr).toContain('--allow-env NODE_OPTIONS')
    expect(existsSync(pwned)).toBe(false)
    expect(result.stdout + result.stderr).not.toContain(SECRET)
  })

  it('--allow-env lets a named one through; a variable already set is kept unless --override', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paramkit-exec-'))
    const fix = fixture(dir, { https: { proxy: 'http://proxy:3128' }, db: { host: 'from-param' } })
    const base = ['--backend', `memory:${fix}`, '--prefix', '/app', 'exec', '--allow-env', 'HTTPS_PROXY']
    const kept = run([...base, '--', ...print], { DB_HOST: 'from-env' })
    expect(kept.status, kept.stderr).toBe(0)
    const env = JSON.parse(kept.stdout) as Record<string, string>
    expect([env.DB_HOST, env.HTTPS_PROXY]).toEqual(['from-env', 'http://proxy:3128'])
    expect(kept.stderr).toMatch(
      /DB_HOST is already set in the environment; kept it, not \/app\/db\/host \(--override/,
    )
    const replaced = run([...base, '--override', '--', ...print], { DB_HOST: 'from-env' })
    expect(JSON.parse(replaced.stdout).DB_HOST).toBe('from-param')
  })
})

describe('finding 9: human output escapes terminal controls; --json is unchanged', () => {
  it('an error naming a hostile key prints it escaped, on one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paramkit-escapes-'))
    const fix = fixture(dir, { host: 'h' })
    const result = run(['--backend', `memory:${fix}`, '--prefix', '/app', 'get', `/app/x${OSC52}${CSI}`])
    expect(result.status).toBe(2)
    expect(result.stderr).toContain(']52;c;')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the point of the check
    expect(result.stderr.trimEnd()).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/)
  })

  it('ls --values and tree --values escape ESC, BEL and C1 in values', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paramkit-escapes-'))
    const value = `a${OSC52}b${CSI}c\nd`
    const fix = fixture(dir, { clip: value })
    for (const command of ['ls', 'tree']) {
      const result = run(['--backend', `memory:${fix}`, '--prefix', '/app', command, '--values'])
      expect(result.status, result.stderr).toBe(0)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the point of the check
      expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/)
      expect(result.stdout).toContain('a\\u001b]52;c;cHduZWQ=\\u0007b\\u009b2Jc\\u000ad')
      const json = run(['--backend', `memory:${fix}`, '--prefix', '/app', command, '--values', '--json'])
      expect(JSON.stringify(JSON.parse(json.stdout))).toContain(JSON.stringify(value).slice(1, -1))
    }
  })
})
