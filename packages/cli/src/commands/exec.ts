import { spawn } from 'node:child_process'
import { constants } from 'node:os'
import type { Context } from '../context.js'
import { mapKeys } from '../env-names.js'
import { UsageError } from '../errors.js'
import type { ExitStatus } from '../io.js'
import { readMerged } from '../listing.js'
import { entryText } from '../values.js'

const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2']

/**
 * Runs a command with the service's tree as environment variables (secrets included, never
 * printed). Signals sent to paramkit go to the child; the child's exit code, or the signal that
 * ended it, becomes paramkit's.
 */
export async function execCommand(ctx: Context, argv: readonly string[]): Promise<ExitStatus> {
  const [command, ...args] = argv
  if (!command) throw new UsageError('exec needs a command after --', 'e.g. paramkit exec -- node server.js')
  const backend = await ctx.open()
  const rows = await (async () => {
    try {
      return await readMerged(backend, ctx.hierarchy, '', { decrypt: true })
    } finally {
      await backend.close?.()
    }
  })()
  const byKey = new Map(rows.map((r) => [r.key, r]))
  const { names, collisions } = mapKeys(rows.map((r) => r.key))
  for (const c of collisions) {
    ctx.io.stderr.write(
      `${ctx.err('yellow', 'warning:')} ${c.name} comes from ${c.keys.join(', ')}; using ${c.used}\n`,
    )
  }
  const vars: Record<string, string> = {}
  for (const [name, key] of names) vars[name] = entryText(byKey.get(key)!.entry)
  return run(ctx, command, args, { ...ctx.io.env, ...vars })
}

function run(ctx: Context, command: string, args: string[], env: NodeJS.ProcessEnv): Promise<ExitStatus> {
  const inherit = ctx.io.stdout === process.stdout && ctx.io.stderr === process.stderr
  const child = spawn(command, args, { env, stdio: inherit ? 'inherit' : ['inherit', 'pipe', 'pipe'] })
  if (!inherit) {
    child.stdout?.on('data', (chunk: Buffer) => ctx.io.stdout.write(chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => ctx.io.stderr.write(chunk.toString()))
  }
  const forward = (signal: NodeJS.Signals) => child.kill(signal)
  for (const signal of FORWARDED) process.on(signal, forward)
  return new Promise<ExitStatus>((resolve, reject) => {
    const done = () => {
      for (const signal of FORWARDED) process.off(signal, forward)
    }
    child.once('error', (error) => {
      done()
      reject(
        new UsageError(
          `cannot run "${command}": ${(error as NodeJS.ErrnoException).code ?? error.message}`,
          'check the command name and PATH',
        ),
      )
    })
    child.once('close', (code, signal) => {
      done()
      if (signal) resolve({ code: 128 + (constants.signals[signal] ?? 0), signal })
      else resolve({ code: code ?? 1 })
    })
  })
}
