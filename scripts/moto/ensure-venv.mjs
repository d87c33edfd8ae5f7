#!/usr/bin/env node
// Creates .venv at the repository root and installs moto's server into it, once.
// Fails loudly, with how to fix it, when Python or pip is missing: integration tests never skip.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const venv = process.env.PARAMKIT_VENV ?? join(root, '.venv')
export const venvPython = join(venv, 'bin', 'python')
const requirements = join(root, 'scripts', 'moto', 'requirements.txt')
const stamp = join(venv, '.paramkit-requirements')

function fail(message) {
  console.error(`\n[moto] ${message}\n`)
  process.exit(1)
}

function findPython() {
  for (const candidate of [process.env.PARAMKIT_PYTHON, 'python3', 'python'].filter(Boolean)) {
    const probe = spawnSync(candidate, ['-c', 'import sys; print(sys.version_info >= (3, 9))'], {
      encoding: 'utf8',
    })
    if (probe.status === 0 && probe.stdout.trim() === 'True') return candidate
  }
  return undefined
}

export function ensureVenv() {
  const wanted = readFileSync(requirements, 'utf8')
  if (existsSync(venvPython) && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) {
    const check = spawnSync(venvPython, ['-c', 'import moto.server'], { encoding: 'utf8' })
    if (check.status === 0) return venvPython
  }
  const python = findPython()
  if (!python) {
    fail(
      'Python 3.9+ was not found. Install it (Debian: apt-get install -y python3 python3-venv) or set PARAMKIT_PYTHON, then run npm test again.',
    )
  }
  if (!existsSync(venvPython)) {
    console.log(`[moto] creating ${venv} with ${python}`)
    const made = spawnSync(python, ['-m', 'venv', venv], { stdio: 'inherit' })
    if (made.status !== 0)
      fail(
        `"${python} -m venv ${venv}" failed. Install the venv module (Debian: apt-get install -y python3-venv).`,
      )
  }
  console.log('[moto] installing moto[server] into .venv (first run only, about 30 s; one line per package)')
  try {
    execFileSync(
      venvPython,
      ['-m', 'pip', 'install', '--disable-pip-version-check', '--progress-bar', 'off', '-r', requirements],
      { stdio: 'inherit' },
    )
  } catch {
    fail(`pip could not install ${requirements} into .venv. Check access to PyPI, or delete .venv and retry.`)
  }
  writeFileSync(stamp, wanted)
  return venvPython
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureVenv()
  console.log('[moto] .venv ready')
}
