import { isAbsolute, resolve } from 'node:path'
import { escapeControls } from '@paramkit/core'
import { type Backend, writeFileAtomic } from '@paramkit/core/backend'
import type { MemoryBackend } from '@paramkit/memory-backend'
import { secretNames } from '../backends.js'
import type { Context } from '../context.js'
import { checkInput } from '../errors.js'
import { table, writeJSON } from '../io.js'
import { writeAdaptively } from '../push/adaptive-rate.js'
import { makePlan, readFixture, type Step, summarise, type Target } from '../push/plan.js'
import { progressBar } from '../push/progress.js'

export interface PushOptions {
  dryRun?: boolean
  overwrite?: boolean
  progress?: boolean
  json?: boolean
}

/**
 * Writes a fixture into the backend: the plan first (create, update, unchanged, skipped), then
 * the writes under an adaptive rate. A second run finds everything unchanged and writes nothing.
 */
export async function pushCommand(ctx: Context, fileArg: string, options: PushOptions): Promise<number> {
  const file = isAbsolute(fileArg) ? fileArg : resolve(ctx.io.cwd ?? process.cwd(), fileArg)
  const wanted = await checkInput(() => readFixture(file))
  const targetOf = targets(ctx)
  const backend = await ctx.open()
  try {
    const plan = await makePlan(backend, wanted, { overwrite: options.overwrite === true, targetOf })
    const counts = summarise(plan)
    const writes = plan.filter((s) => s.action === 'create' || s.action === 'update')
    if (!options.json) printPlan(ctx, plan, counts)
    if (options.dryRun || writes.length === 0) {
      if (options.json) writeJSON(ctx.io, report(plan, counts, options, 0, []))
      return 0
    }
    const bar = progressBar(ctx.io.stderr, writes.length, options.progress !== false)
    const result = await writeAdaptively(
      writes,
      async (step) => {
        await backend.put!(step.name, step.value, { type: step.type, overwrite: step.action === 'update' })
      },
      { ...(ctx.deps.sleep ? { sleep: ctx.deps.sleep } : {}), onSettled: () => bar.tick() },
    )
    bar.done()
    if (ctx.choice.kind === 'memory') await saveMemory(backend as MemoryBackend, ctx.choice.file)
    const failed = result.failed.map(({ index, error }) => ({
      name: writes[index]!.name,
      error: error instanceof Error ? error.message : String(error),
    }))
    if (options.json)
      writeJSON(ctx.io, report(plan, counts, options, result.written, failed, result.throttles))
    else {
      const throttled = result.throttles ? `, ${result.throttles} throttled and retried` : ''
      ctx.io.stdout.write(`wrote ${result.written} of ${writes.length}${throttled}\n`)
      for (const f of failed)
        ctx.io.stderr.write(`${ctx.err('red', 'failed:')} ${escapeControls(`${f.name}: ${f.error}`)}\n`)
    }
    if (failed.length > 0)
      throw new Error(`${failed.length} of ${writes.length} writes failed (first: ${failed[0]!.name})`)
    return 0
  } finally {
    await backend.close?.()
  }
}

/** Where each name goes: routed names owned by Secrets Manager there, the rest to Parameter Store. */
function targets(ctx: Context): (name: string) => Target {
  const { choice } = ctx
  if (choice.kind === 'memory') return () => 'memory'
  if (choice.kind !== 'routed') return () => choice.kind as Target
  const owned = secretNames(ctx.options.routeSecrets ?? [], ctx.hierarchy)
  return (name) => (owned.some((p) => name === p || name.startsWith(`${p}/`)) ? 'secrets-manager' : 'ssm')
}

function printPlan(ctx: Context, plan: readonly Step[], counts: ReturnType<typeof summarise>): void {
  const shown = plan.filter((s) => s.action !== 'unchanged')
  const colour = { create: 'green', update: 'yellow', skipped: 'dim', unchanged: 'dim' } as const
  ctx.io.stdout.write(
    `plan: ${counts.create} create, ${counts.update} update, ${counts.unchanged} unchanged, ${counts.skipped} skipped\n`,
  )
  if (shown.length === 0) return
  const rows = shown.map((s) => [s.action, s.name, s.type, s.reason ?? ''])
  const lines = table(rows).split('\n')
  ctx.io.stdout.write(`${lines.map((l, i) => `  ${ctx.out(colour[shown[i]!.action], l)}`).join('\n')}\n`)
}

function report(
  plan: readonly Step[],
  counts: ReturnType<typeof summarise>,
  options: PushOptions,
  written: number,
  failed: { name: string; error: string }[],
  throttles = 0,
) {
  return {
    plan: plan.map((s) => ({
      name: s.name,
      action: s.action,
      type: s.type,
      ...(s.reason ? { reason: s.reason } : {}),
    })),
    summary: counts,
    dryRun: options.dryRun === true,
    written,
    throttles,
    failed,
  }
}

/**
 * A push into `memory:FILE` lands in FILE, in the format `snapshot()` writes: atomically, mode 0600 (the
 * memory backend keeps SecureString values in plain text), never through a planted temp file or symlink.
 */
async function saveMemory(backend: Backend & Partial<MemoryBackend>, file: string): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(backend.snapshot!(), null, 2)}\n`, { mode: 0o600 })
}
