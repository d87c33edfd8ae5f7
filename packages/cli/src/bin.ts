#!/usr/bin/env node
import { runCli } from './program.js'

// `paramkit push ... | head` closes our stdout early: the work goes on, its output is dropped.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
  })
}

const status = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
})
if (status.signal) {
  // The child of `exec` was ended by a signal: end the same way, so our parent sees it too.
  process.removeAllListeners(status.signal)
  process.kill(process.pid, status.signal)
} else {
  process.exitCode = status.code
}
