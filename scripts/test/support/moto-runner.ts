import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const runner = fileURLToPath(new URL('../../moto/run.mjs', import.meta.url))

export interface MotoRunner {
  /** The variables `npm run moto` told the user to export. */
  env: Record<string, string>
  output: () => string
  child: ChildProcessWithoutNullStreams
  /** Ctrl-C: resolves to the runner's exit code. */
  stop: () => Promise<number | null>
}

/**
 * Starts `node scripts/moto/run.mjs` (what `npm run moto` runs after building) with `args` (e.g.
 * `--empty`, from `npm run moto -- --empty`) and reads its export line.
 */
export async function startMotoRunner(args: string[] = []): Promise<MotoRunner> {
  const child = spawn(process.execPath, [runner, ...args], { env: process.env })
  let out = ''
  const env = await new Promise<Record<string, string>>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      out += chunk.toString()
      const line = /^export (.+)$/m.exec(out)?.[1]
      if (line)
        resolve(Object.fromEntries(line.split(' ').map((pair) => pair.split('=') as [string, string])))
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', (chunk: Buffer) => {
      out += chunk.toString()
    })
    child.once('exit', (code) => reject(new Error(`npm run moto exited with ${code}:\n${out}`)))
  })
  const stop = () =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode)
      child.once('exit', resolve)
      child.kill('SIGINT')
    })
  return { env, output: () => out, child, stop }
}
