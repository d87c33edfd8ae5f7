import { createHmac, randomBytes } from 'node:crypto'
import { escapeControls } from '@paramkit/core'
import type { Context } from '../context.js'
import { checkInput } from '../errors.js'
import { writeJSON } from '../io.js'
import { readMerged } from '../listing.js'
import { entryText } from '../values.js'

export interface DiffOptions {
  values?: boolean
  json?: boolean
}

export type DiffKind = 'missing' | 'extra' | 'type' | 'value'

export interface Difference {
  key: string
  kind: DiffKind
  /** Types on each side, where the key exists. */
  types: { a: string | null; b: string | null }
  /** True when either side is a secret: its values are compared by keyed hash and never shown. */
  secret: boolean
  /** Plain values on each side, only with `--values` and never for secrets. */
  values?: { a: string; b: string }
}

interface Side {
  type: string
  secret: boolean
  digest: string
  plain?: string
}

/**
 * Compares the effective trees of two environments (service level over fallbacks, as an app
 * sees them). Values are compared by HMAC-SHA256 under a key made for this run only, so equal
 * secrets match without their plaintext being kept, compared or shown.
 */
export async function diffCommand(
  ctx: Context,
  envA: string,
  envB: string,
  options: DiffOptions,
): Promise<number> {
  const [a, b] = await checkInput(() => [ctx.hierarchy.forEnv(envA), ctx.hierarchy.forEnv(envB)] as const)
  const key = randomBytes(32)
  const backend = await ctx.open()
  const sides: Map<string, Side>[] = []
  try {
    for (const hierarchy of [a, b]) {
      const rows = await readMerged(backend, hierarchy, '', { decrypt: true })
      const side = new Map<string, Side>()
      for (const { key: name, entry } of rows) {
        const text = entryText(entry)
        const digest = createHmac('sha256', key).update(entry.type).update('\0').update(text).digest('hex')
        side.set(name, {
          type: entry.type,
          secret: entry.sensitive,
          digest,
          ...(entry.sensitive ? {} : { plain: text }),
        })
      }
      sides.push(side)
    }
  } finally {
    await backend.close?.()
  }
  const differences = compare(sides[0]!, sides[1]!, options.values === true)
  if (options.json) {
    writeJSON(ctx.io, { a: { env: envA, levels: a.levels }, b: { env: envB, levels: b.levels }, differences })
    return 0
  }
  const colour = { missing: 'red', extra: 'green', type: 'yellow', value: 'yellow' } as const
  ctx.io.stdout.write(
    `${ctx.out('bold', `${envA} (${a.levels.join(', ')}) vs ${envB} (${b.levels.join(', ')})`)}\n`,
  )
  for (const d of differences)
    ctx.io.stdout.write(
      `  ${ctx.out(colour[d.kind], d.kind.padEnd(7))}  ${escapeControls(describe(d, envA, envB))}\n`,
    )
  ctx.io.stdout.write(
    `${differences.length === 0 ? 'no differences' : `${differences.length} difference(s)`}\n`,
  )
  return 0
}

function compare(a: Map<string, Side>, b: Map<string, Side>, showValues: boolean): Difference[] {
  const out: Difference[] = []
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(key)
    const y = b.get(key)
    const types = { a: x?.type ?? null, b: y?.type ?? null }
    const secret = Boolean(x?.secret || y?.secret)
    if (!y) out.push({ key, kind: 'missing', types, secret })
    else if (!x) out.push({ key, kind: 'extra', types, secret })
    else if (x.type !== y.type) out.push({ key, kind: 'type', types, secret })
    else if (x.digest !== y.digest) {
      const values = showValues && !secret ? { values: { a: x.plain!, b: y.plain! } } : {}
      out.push({ key, kind: 'value', types, secret, ...values })
    }
  }
  return out
}

function describe(d: Difference, envA: string, envB: string): string {
  switch (d.kind) {
    case 'missing':
      return `${d.key}  (in ${envA}, not in ${envB})`
    case 'extra':
      return `${d.key}  (in ${envB}, not in ${envA})`
    case 'type':
      return `${d.key}  ${d.types.a} → ${d.types.b}`
    default:
      if (d.secret) return `${d.key}  (secret; values differ)`
      return d.values ? `${d.key}  ${JSON.stringify(d.values.a)} → ${JSON.stringify(d.values.b)}` : d.key
  }
}
