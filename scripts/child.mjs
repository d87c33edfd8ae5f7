// The root scripts' plumbing: a build that shows progress, and a child that stops when we are told to.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** `npm run build`, one line per package (turbo's hash-only logs); the first build takes about 30 s. */
export function buildAll() {
  if (!existsSync(join(root, 'packages/core/dist')))
    console.log('[build] building every package (about 30 s the first time; later builds are cached)')
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

/**
 * Runs `command` as our child and passes SIGINT, SIGTERM and SIGHUP on to it, then ends as it ended:
 * no shell in between to swallow a signal, so `kill <npm's pid>` stops the server and frees its port.
 */
export function runForwarding(command, args, options = {}) {
  const child = spawn(command, args, { stdio: 'inherit', ...options })
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal))
  child.once('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal)
      process.kill(process.pid, signal)
    } else process.exit(code ?? 0)
  })
  return child
}
