#!/usr/bin/env node
// Right after `npm ci` on a fresh clone (no dist/ yet): each example's `npm start -w <example>` must build
// what it needs and start. Servers are started on PORT=0 and stopped once they print `listening on`.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'

const examples = [
  'examples/core-demo',
  'examples/order-api-nestjs',
  'examples/order-api-express',
  'examples/order-api-lambda',
]

function start(workspace) {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['start', '-w', workspace], {
      env: { ...process.env, PORT: '0', APP_ENV: 'dev', PARAMKIT_BACKEND: 'memory' },
      detached: true,
    })
    let out = ''
    const collect = (chunk) => {
      out += chunk
      if (/listening on http:\/\/127\.0\.0\.1:\d+/.test(out)) {
        process.kill(-child.pid, 'SIGTERM')
        resolve('listened')
      }
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    child.once('exit', (code, signal) => {
      if (code === 0) resolve('ran')
      else if (signal !== 'SIGTERM') reject(new Error(`npm start -w ${workspace} failed (${code}):\n${out}`))
    })
  })
}

// `npx paramkit` is linked by `npm ci` (the bin is a committed shim over dist/): before the CLI is built it
// says so in one line, after it prints the version.
function paramkit(...args) {
  return spawnSync('npx', ['--no-install', 'paramkit', ...args], { encoding: 'utf8' })
}
const built = existsSync('packages/cli/dist/bin.js')
const early = paramkit('--version')
if (!built && !(early.status === 1 && /not built yet; run `npm run build`/.test(early.stderr)))
  throw new Error(`npx paramkit before the build: ${early.status} ${early.stderr}`)

for (const workspace of examples) {
  console.log(`fresh start: npm start -w ${workspace} ${await start(workspace)}`)
}

spawnSync('npm', ['run', 'build'], { stdio: 'inherit' })
const { version } = JSON.parse(readFileSync('packages/cli/package.json', 'utf8'))
const late = paramkit('--version')
if (late.status !== 0 || late.stdout.trim() !== version)
  throw new Error(`npx paramkit --version: ${late.status} ${late.stdout}${late.stderr}`)
console.log(`fresh start: npx paramkit --version ${late.stdout.trim()}`)
