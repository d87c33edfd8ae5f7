import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import type { TestProject } from 'vitest/node'
import './clients.js'
// @ts-expect-error -- a plain .mjs script shared with .ci/run; its one export is typed below.
import { ensureVenv as ensureVenvUntyped } from './ensure-venv.mjs'

const ensureVenv = ensureVenvUntyped as () => string

async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

async function waitUntilUp(url: string, child: ChildProcess, log: () => string): Promise<void> {
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

/**
 * Starts one moto server for a vitest project (installing it into .venv if needed) and hands
 * its endpoint to the tests; stops it when the project's run ends. Fails, never skips.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const python = ensureVenv()
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const child = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  await waitUntilUp(url, child, () => output)
  project.provide('motoEndpoint', url)
  return async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM')
      await once(child, 'exit')
    }
  }
}
