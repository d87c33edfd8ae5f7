import { execFileSync, spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** The manifests `npm ci` reads: the root's package.json and lock, and every workspace's package.json. */
function copyManifests(to: string): void {
  const tracked = execFileSync('git', ['ls-files', 'package.json', 'package-lock.json', '**/package.json'], {
    cwd: root,
    encoding: 'utf8',
  })
  for (const file of tracked.split('\n').filter(Boolean)) {
    mkdirSync(dirname(join(to, file)), { recursive: true })
    copyFileSync(join(root, file), join(to, file))
  }
}

/** The environment without what `npm test` sets for its own run (npm_config_*, npm_lifecycle_*). */
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)))

/**
 * `npm ci --dry-run` checks the lock against every package.json exactly as `npm ci` does (the
 * "lock file out of sync … Missing: esbuild" of npm 10 came from that check) but installs nothing.
 * npm 10 is fetched from the npm registry by npx (cached after the first run); nothing else is.
 */
function ciDryRun(dir: string, npm: string[]) {
  const result = spawnSync(
    npm[0]!,
    [...npm.slice(1), 'ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'],
    { cwd: dir, encoding: 'utf8', env: cleanEnv },
  )
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

describe('package-lock.json', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'paramkit-lock-'))
    copyManifests(dir)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  // 10.8 ships with Node 20, 10.9 with Node 22; 11 is the packageManager's.
  for (const [label, npm] of [
    ['npm 10.8 (Node 20)', ['npx', '-y', 'npm@10.8']],
    ['npm 10.9 (Node 22)', ['npx', '-y', 'npm@10.9']],
    ['npm 11', ['npx', '-y', 'npm@11']],
  ] as const) {
    it(`passes \`npm ci\` with ${label}`, () => {
      const { status, output } = ciDryRun(dir, [...npm])
      expect(output).not.toMatch(/out of sync|Missing:|Invalid:/)
      expect(status, output).toBe(0)
    })
  }
})
