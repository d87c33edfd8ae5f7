import { isAbsolute, resolve } from 'node:path'
import { writeFileAtomic } from '@paramkit/core/backend'
import type { Context } from '../context.js'
import { checkInput, UsageError } from '../errors.js'
import { buildFixture, type SecretsMode } from '../fixture.js'
import { writeJSON } from '../io.js'
import { readLevels } from '../listing.js'

export interface PullOptions {
  out: string
  secrets?: string
  json?: boolean
}

/**
 * Writes everything under PATH, at every level of the hierarchy, as a memory-backend fixture.
 * Secrets become `<placeholder:NAME>` unless `--secrets include`, and then are only decrypted then.
 */
export async function pullCommand(ctx: Context, path: string, options: PullOptions): Promise<number> {
  const mode = options.secrets ?? 'placeholder'
  if (mode !== 'placeholder' && mode !== 'include')
    throw new UsageError(`--secrets must be placeholder or include, not "${mode}"`)
  const paths = await checkInput(() => ctx.hierarchy.pathsFor(path))
  const file = isAbsolute(options.out) ? options.out : resolve(ctx.io.cwd ?? process.cwd(), options.out)
  const backend = await ctx.open()
  let levels: Awaited<ReturnType<typeof readLevels>>
  try {
    levels = await readLevels(backend, ctx.hierarchy, path, { decrypt: mode === 'include' })
  } finally {
    await backend.close?.()
  }
  const groups = levels.map((rows, i) => ({
    root: rows[0]?.level || paths[i]!.path,
    entries: rows.map((r) => r.entry),
  }))
  const data = buildFixture(groups, mode as SecretsMode)
  const entries = groups.flatMap((g) => g.entries)
  const secrets = entries.filter((e) => e.sensitive).length
  // Atomic, never through a planted temp file or symlink; 0600 whatever was there when it holds secrets.
  await writeFileAtomic(file, `${JSON.stringify(data, null, 2)}\n`, {
    mode: mode === 'include' && secrets > 0 ? 0o600 : 0o644,
  })
  const summary = {
    file,
    entries: entries.length,
    secrets,
    secretsMode: mode,
    levels: paths.map((p) => p.path),
  }
  if (options.json) writeJSON(ctx.io, summary)
  else {
    const about =
      secrets === 0
        ? ''
        : mode === 'include'
          ? ` (${secrets} secrets in plain text)`
          : ` (${secrets} secrets as placeholders)`
    ctx.io.stdout.write(
      `pulled ${entries.length} entries from ${summary.levels.join(', ')} to ${options.out}${about}\n`,
    )
  }
  if (mode === 'include' && secrets > 0)
    ctx.io.stderr.write(
      `${ctx.err('yellow', 'warning:')} ${options.out} holds secret values; it was written with mode 600\n`,
    )
  return 0
}
