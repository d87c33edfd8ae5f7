// Starts moto's server (from .venv, installed on first use) on a free loopback port and waits until it
// answers. Shared by the vitest global setup and `npm run moto`.
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
    if (child.exitCode !== null) throw new Error(`moto server exited with code ${child.exitCode}:\n${log()}`)
    try {
      const response = await fetch(`${url}/moto-api/`)
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`moto server did not answer at ${url} within 60 s:\n${log()}`)
}

/** Resolves to `{ url, stop }` once moto answers; rejects (never skips) when it cannot start. */
export async function startMoto() {
  const python = ensureVenv()
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const child = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-4000)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  try {
    await waitUntilUp(url, child, () => output)
  } catch (error) {
    child.kill('SIGTERM')
    throw error
  }
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      await once(child, 'exit')
    }
  }
  return { url, stop }
}
