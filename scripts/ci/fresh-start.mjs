#!/usr/bin/env node
// Right after `npm ci` on a fresh clone (no dist/ yet): each example's `npm start -w <example>` must build
// what it needs and start. Servers are started on PORT=0 and stopped once they print `listening on`.
import { spawn } from 'node:child_process'

const examples = ['examples/core-demo', 'examples/order-api-nestjs', 'examples/order-api-express']

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

for (const workspace of examples) {
  console.log(`fresh start: npm start -w ${workspace} ${await start(workspace)}`)
}
