import { spawn } from 'node:child_process'
import { constants } from 'node:os'
import { escapeControls } from '@paramkit/core'
import type { Context } from '../context.js'
import { mapKeys } from '../env-names.js'
import { UsageError } from '../errors.js'
import { planEnv } from '../exec-env.js'
import type { ExitStatus } from '../io.js'
import { readMerged } from '../listing.js'
import { entryText } from '../values.js'

const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2']

/**
 * Runs a command with the service's tree as environment variables (secrets included, never
 * printed). Names that change how the child runs (PATH, NODE_OPTIONS, LD_*, *_PROXY...) are refused
 * unless `--allow-env` lists them; a variable already set is kept unless `--override` (exec-env.ts). Signals sent to paramkit go to the child; the child's exit code, or the signal that
 * ended it, becomes paramkit's.
 */
export interface ExecOptions {
  /** Dangerous names (PATH, NODE_OPTIONS, LD_*, ...) a parameter may set all the same. */
  allowEnv?: string[]
  /** Parameters replace variables already set in the environment. */
  override?: boolean
}

export async function execCommand(
  ctx: Context,
  argv: readonly string[],
  options: ExecOptions = {},
): Promise<ExitStatus> {
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
  const vars = new Map<string, { value: string; parameter: string }>()
  for (const [name, key] of names) {
    const { entry } = byKey.get(key)!
    vars.set(name, { value: entryText(entry), parameter: entry.name })
  }
  const plan = planEnv(vars, ctx.io.env, {
    allow: options.allowEnv ?? [],
    override: options.override === true,
  })
  if (plan.refused.length > 0) {
    const list = plan.refused.map((r) => `${r.name} (from ${escapeControls(r.parameter)})`).join(', ')
    throw new UsageError(
      `exec refuses to set ${list}: these variables change how the child runs`,
      `if the parameter is trusted, allow it: ${plan.refused.map((r) => `--allow-env ${r.name}`).join(' ')}`,
    )
  }
  for (const s of plan.skipped) {
    ctx.io.stderr.write(
      `${ctx.err('yellow', 'note:')} ${s.name} is already set in the environment; kept it, not ${escapeControls(s.parameter)} (--override to replace)\n`,
    )
  }
  return run(ctx, command, args, { ...ctx.io.env, ...plan.set })
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
