import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'

/** Starts a server script and resolves once it prints its `listening on http://...` line. */
export async function startServer(
  script: string,
  env: Record<string, string>,
): Promise<{ url: string; output: () => string; child: ChildProcessWithoutNullStreams }> {
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env } })
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
