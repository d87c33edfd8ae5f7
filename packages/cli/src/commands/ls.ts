import type { Context } from '../context.js'
import { checkInput } from '../errors.js'
import { table, writeJSON } from '../io.js'
import { type Row, readMerged } from '../listing.js'
import { entryMeta, REDACTED, shortDate, shownValue } from '../values.js'

export interface ListOptions {
  values?: boolean
  reveal?: boolean
  json?: boolean
}

/** Rows for `ls` and `tree`; values are read (and SecureStrings decrypted) only when they will be shown. */
export async function listRows(ctx: Context, path: string, options: ListOptions): Promise<Row[]> {
  await checkInput(() => ctx.hierarchy.pathsFor(path))
  const backend = await ctx.open()
  try {
    return await readMerged(backend, ctx.hierarchy, path, { decrypt: options.reveal === true })
  } finally {
    await backend.close?.()
  }
}

/** The `--json` form of a row: `value` is null unless asked for, and for secrets unless revealed. */
export function rowJSON(row: Row, options: ListOptions) {
  const shown = options.values || options.reveal
  const hidden = !shown || (row.entry.sensitive && !options.reveal)
  return {
    key: row.key,
    ...entryMeta(row.entry),
    level: row.level || null,
    value: hidden ? null : shownValue(row.entry, true),
  }
}

export async function lsCommand(ctx: Context, path: string, options: ListOptions): Promise<number> {
  const rows = await listRows(ctx, path, options)
  if (options.json) {
    writeJSON(ctx.io, {
      path,
      levels: ctx.hierarchy.pathsFor(path).map((p) => p.path),
      entries: rows.map((r) => rowJSON(r, options)),
    })
    return 0
  }
  const showLevel = new Set(rows.map((r) => r.level)).size > 1
  const showValue = options.values || options.reveal
  const header = [
    'KEY',
    'TYPE',
    'VERSION',
    'MODIFIED',
    ...(showLevel ? ['FROM'] : []),
    ...(showValue ? ['VALUE'] : []),
  ]
  const lines = rows.map((r) => [
    r.key,
    r.entry.type,
    r.entry.version,
    shortDate(r.entry.lastModified),
    ...(showLevel ? [r.level] : []),
    ...(showValue ? [r.entry.sensitive && !options.reveal ? REDACTED : shownValue(r.entry, true)] : []),
  ])
  if (rows.length === 0) {
    ctx.io.stderr.write(
      `nothing under ${ctx.hierarchy
        .pathsFor(path)
        .map((p) => p.path)
        .join(', ')}\n`,
    )
    return 0
  }
  const [head, ...body] = table([header, ...lines]).split('\n')
  ctx.io.stdout.write(`${ctx.out('bold', head!)}\n${body.join('\n')}\n`)
  return 0
}
