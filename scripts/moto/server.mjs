// Starts moto's server (from .venv, installed on first use) on a loopback port and waits until it
// answers. Shared by the vitest global setup, `npm run moto` and the tests that kill and restart moto.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { ensureVenv } from './ensure-venv.mjs'

async function freePort() {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address()
  server.close()
  await once(server, 'close')
  return port
}

async function waitUntilUp(url, child, log) {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`moto server exited with code ${child.exitCode ?? child.signalCode}:\n${log()}`)
    try {
      // Bounded: on a port some other program holds, a request may never be answered.
      const response = await fetch(`${url}/moto-api/`, { signal: AbortSignal.timeout(2_000) })
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`moto server did not answer at ${url} within 60 s:\n${log()}`)
}

/** Every moto process started here and not yet ended: killed when this process exits, whatever ends it. */
const live = new Set()
let exitHook = false
function track(child) {
  live.add(child)
  child.once('exit', () => live.delete(child))
  if (!exitHook) {
    exitHook = true
    process.once('exit', () => {
      for (const c of live) c.kill('SIGKILL')
    })
  }
}

/** One moto process on `port`, answering: `{ child, exited }`. Rejects (and kills it) when it does not come up. */
async function spawnMoto(python, port, url) {
  const child = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  track(child)
  const exited = once(child, 'exit').then(() => undefined)
  let output = ''
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-4000)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  try {
    await waitUntilUp(url, child, () => output)
  } catch (error) {
    child.kill('SIGKILL')
    await exited
    throw error
  }
  return { child, exited }
}

/**
 * Resolves once moto answers on `port` (a free loopback port when not given); rejects (never skips) when
 * it cannot start. `kill` ends the process (SIGKILL by default: no clean shut-down) and `restart` starts
 * a new one on the same port, with moto's state empty; `pause` stops it answering (SIGSTOP) without
 * closing a connection, `resume` lets it go on. `stop` ends it, paused or not, and is safe to call whatever state it is in.
 */
export async function startMoto(options = {}) {
  const python = ensureVenv()
  const port = options.port ?? (await freePort())
  const url = `http://127.0.0.1:${port}`
  let current = await spawnMoto(python, port, url)
  const running = () => current.child.exitCode === null && current.child.signalCode === null
  const kill = async (signal = 'SIGKILL') => {
    if (running()) current.child.kill(signal)
    await current.exited
  }
  return {
    url,
    port,
    get pid() {
      return current.child.pid
    },
    running,
    pause() {
      if (!running()) throw new Error('moto is not running: nothing to pause')
      current.child.kill('SIGSTOP')
    },
    resume() {
      if (running()) current.child.kill('SIGCONT')
    },
    kill,
    async restart() {
      if (running())
        throw new Error(`moto (pid ${current.child.pid}) is still running on ${url}: kill it first`)
      current = await spawnMoto(python, port, url)
    },
    async stop() {
      if (!running()) return
      // A paused process handles SIGTERM only once continued; SIGKILL if it does not end within 5 s.
      current.child.kill('SIGCONT')
      current.child.kill('SIGTERM')
      const late = setTimeout(() => current.child.kill('SIGKILL'), 5_000)
      late.unref()
      await current.exited
      clearTimeout(late)
    },
  }
}
