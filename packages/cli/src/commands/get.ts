import { type ConfigOptions, createConfig, escapeControls } from '@paramkit/core'
import type { Context } from '../context.js'
import { checkInput } from '../errors.js'
import { writeJSON } from '../io.js'
import { entryMeta, shownConfigValue } from '../values.js'

export interface GetOptions {
  reveal?: boolean
  json?: boolean
}

/**
 * Resolves KEY through the hierarchy and fallbacks with `createConfig`, as an app would, and
 * says which level answered. The value goes to stdout (for `$(paramkit get ...)`), the level to stderr.
 */
export async function getCommand(ctx: Context, key: string, options: GetOptions): Promise<number> {
  const { hierarchy } = ctx
  const resolution = await checkInput(() => hierarchy.resolver.resolve(key))
  const backend = await ctx.open()
  const config = createConfig({
    backend,
    ...(hierarchy.options.env ? { env: hierarchy.options.env } : {}),
    ...(hierarchy.options.service ? { service: hierarchy.options.service } : {}),
    prefix: hierarchy.template,
    fallbacks: hierarchy.fallbackTemplates,
  } satisfies ConfigOptions)
  try {
    const entry = await config.getEntry(key)
    const level = hierarchy.levelOf(entry.name) ?? ''
    const fallback = level !== '' && level !== hierarchy.levels[0]
    const value = shownConfigValue(entry, options.reveal === true)
    const redacted = entry.sensitive && !options.reveal
    if (options.json) {
      writeJSON(ctx.io, {
        key,
        ...entryMeta(entry),
        level: level || null,
        fallback,
        tried: resolution.candidates,
        value: redacted ? null : value,
        redacted,
      })
      return 0
    }
    // Raw when piped (`$(paramkit get ...)`); on a terminal, control characters are escaped.
    ctx.io.stdout.write(`${ctx.io.stdout.isTTY ? escapeControls(value) : value}\n`)
    const where = level ? `${fallback ? 'fallback level' : 'level'} ${level}` : 'absolute name'
    ctx.io.stderr.write(
      `${ctx.err('dim', escapeControls(`${entry.name} from ${where} (${entry.type}, version ${entry.version})`))}\n`,
    )
    return 0
  } finally {
    await config.close()
  }
}
