import { type ChildProcess, spawn } from 'node:child_process'
import { connect } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** Runs `npm <args>` from the repository root until its output matches `ready`; resolves to the match. */
function npm(args: string[], ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn('npm', args, {
    cwd: root,
    env: { ...process.env, PORT: '0', APP_ENV: 'dev', PARAMKIT_BACKEND: 'memory' },
    detached: true, // its own process group, so whatever a failed run leaves is killed after the test
  })
  started.push(child)
  let out = ''
  return new Promise((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      out += chunk.toString()
      const match = ready.exec(out)
      if (match) resolve({ child, match })
    }
    child.stdout!.on('data', collect)
    child.stderr!.on('data', collect)
    child.once('exit', (code) => reject(new Error(`npm ${args.join(' ')} exited with ${code}:\n${out}`)))
  })
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })

/** SIGTERM to npm itself (not its process group, as a supervisor or `kill PID` sends it): how long until the port is free and npm gone. */
async function terminate(
  child: ChildProcess,
  port: number,
): Promise<{ freedMs: number; exited: boolean; groupGone: boolean }> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const started = Date.now()
  child.kill('SIGTERM')
  let freedMs = Number.POSITIVE_INFINITY
  while (Date.now() - started < 5000) {
    if (!(await listening(port))) {
      freedMs = Date.now() - started
      break
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  const done = await Promise.race([
    exited.then(() => true),
    new Promise<boolean>((r) => setTimeout(() => r(false), 5000)),
  ])
  // Nothing left behind: no process of npm's group (the shell, the script, the server, moto) survives it.
  let groupGone = false
  for (
    const end = Date.now() + 2000;
    !groupGone && Date.now() < end;
    await new Promise((r) => setTimeout(r, 50))
  ) {
    try {
      process.kill(-child.pid!, 0)
    } catch {
      groupGone = true
    }
  }
  return { freedMs, exited: done, groupGone }
}

const started: ChildProcess[] = []
afterEach(() => {
  for (const child of started.splice(0)) {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {} // the group is gone: nothing was left
  }
})

describe('the root scripts stop on SIGTERM', () => {
  it('npm start: shows the build package by package; the server stops and frees its port within 2 s', async () => {
    const { child, match } = await npm(['start'], /listening on http:\/\/127\.0\.0\.1:(\d+)/)
    const port = Number(match[1])
    // Progress: one line per package built (or taken from turbo's cache), never 30 s of silence.
    for (const pkg of ['core', 'memory-backend', 'express'])
      expect(match.input).toMatch(new RegExp(`@paramkit/${pkg}:build: cache (hit|miss)`))
    expect(await listening(port)).toBe(true)
    const { freedMs, exited, groupGone } = await terminate(child, port)
    expect(freedMs).toBeLessThanOrEqual(2000)
    expect([exited, groupGone]).toEqual([true, true])
  }, 120_000)

  it('npm start -w examples/order-api-nestjs: the same for an example started on its own', async () => {
    const { child, match } = await npm(
      ['start', '-w', 'examples/order-api-nestjs'],
      /listening on http:\/\/127\.0\.0\.1:(\d+)/,
    )
    const port = Number(match[1])
    const { freedMs, exited, groupGone } = await terminate(child, port)
    expect(freedMs).toBeLessThanOrEqual(2000)
    expect([exited, groupGone]).toEqual([true, true])
  }, 120_000)

  it('npm run moto: moto stops and frees its port within 2 s, and npm exits', async () => {
    const { child, match } = await npm(
      ['run', 'moto'],
      /^export AWS_ENDPOINT_URL=http:\/\/127\.0\.0\.1:(\d+)/m,
    )
    const port = Number(match[1])
    expect(await listening(port)).toBe(true)
    const { freedMs, exited, groupGone } = await terminate(child, port)
    expect(freedMs).toBeLessThanOrEqual(2000)
    expect([exited, groupGone]).toEqual([true, true])
  }, 120_000)
})
