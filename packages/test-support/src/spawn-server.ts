import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process'
import { sdkWarningSwitch } from './sdk-node-warning.js'

/** Starts a server script and resolves once it prints its `listening on http://...` line. */
export async function startServer(
  script: string,
  env: Record<string, string>,
  nodeArgs: readonly string[] = [],
): Promise<{ url: string; output: () => string; child: ChildProcessWithoutNullStreams }> {
  const child = spawn(process.execPath, [...nodeArgs, script], { env: { ...process.env, ...env } })
  let out = ''
  const url = await new Promise<string>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      out += chunk.toString()
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (match) resolve(match[1]!)
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', (chunk: Buffer) => {
      out += chunk.toString()
    })
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)))
  })
  return { url, output: () => out, child }
}

/** Sends a signal to a started server and resolves to how it ended. */
export async function stopServer(
  child: ChildProcessWithoutNullStreams,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, by) => resolve({ code, signal: by }))
  })
  child.kill(signal)
  return ended
}

/** Runs a script that is expected to fail at start-up; the environment's AWS settings are removed. */
export function runFailingStart(
  script: string,
  env: Record<string, string>,
): { status: number | null; stdout: string; stderr: string } {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') || name === sdkWarningSwitch),
  )
  const run = spawnSync(process.execPath, [script], {
    encoding: 'utf8',
    env: {
      ...base,
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      AWS_EC2_METADATA_DISABLED: 'true',
      ...env,
    },
    timeout: 60_000,
  })
  return { status: run.status, stdout: run.stdout, stderr: run.stderr }
}
