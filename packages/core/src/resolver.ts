import { ValidationError } from './errors.js'
import { type NameCheckOptions, type ParsedName, validateName } from './names.js'

const MAX_REMEMBERED = 10_000

export interface ResolverOptions {
  /** Template of the service's own level, e.g. `/{env}/{service}`. Empty means keys must be absolute. */
  prefix: string
  /** Templates of levels tried in order when a relative key is missing, e.g. `['/{env}/shared', '/shared']`. */
  fallbacks: readonly string[]
  /** Values for the `{placeholders}` in the templates. */
  variables: Readonly<Record<string, string | undefined>>
  /** Name rules; Parameter Store's by default. */
  checkName?: (name: string, options?: NameCheckOptions) => ParsedName
}

export interface Resolution {
  /** The key as the caller wrote it. */
  key: string
  /** Full names to try, most specific first, each with the caller's selector. */
  candidates: string[]
}

/** Turns relative keys (`database/host`) into the ordered list of full names to try. */
export class KeyResolver {
  readonly prefix: string
  readonly fallbacks: readonly string[]
  private readonly checkName: (name: string, options?: NameCheckOptions) => ParsedName

  constructor(options: ResolverOptions) {
    this.prefix = expandTemplate(options.prefix, options.variables)
    this.fallbacks = options.fallbacks.map((f) => expandTemplate(f, options.variables))
    this.checkName = options.checkName ?? validateName
    for (const level of [this.prefix, ...this.fallbacks]) {
      if (level !== '') this.checkName(level, { allowSelector: false })
    }
  }

  private readonly resolved = new Map<string, Resolution>()

  /** Absolute keys resolve to themselves; relative keys to the prefix, then each fallback. Checked once per key. */
  resolve(key: string): Resolution {
    if (typeof key !== 'string') notAString(key, 'key')
    const known = this.resolved.get(key)
    if (known) return known
    const resolution = this.resolveUncached(key)
    // Bounded: an app that builds keys from request data must not grow this without limit.
    if (this.resolved.size >= MAX_REMEMBERED) this.resolved.clear()
    this.resolved.set(key, resolution)
    return resolution
  }

  private resolveUncached(key: string): Resolution {
    if (key.startsWith('/')) {
      this.checkName(key, { allowField: true })
      return { key, candidates: [key] }
    }
    const relative = key
    if (this.prefix === '' && this.fallbacks.length === 0) {
      // No hierarchy configured: the key is a flat Parameter Store name such as `MyParam`.
      this.checkName(relative, { allowField: true })
      return { key, candidates: [relative] }
    }
    const candidates: string[] = []
    for (const level of this.levels()) {
      const name = joinPath(level, relative)
      this.checkName(name, { allowField: true })
      if (!candidates.includes(name)) candidates.push(name)
    }
    return { key, candidates }
  }

  /** Full paths for a subtree, most specific first (`''` is the service's own root). */
  resolvePath(path: string): string[] {
    if (typeof path !== 'string') notAString(path, 'path')
    if (path.startsWith('/')) {
      const full = trimSlash(path)
      if (full !== '/') this.checkName(full, { allowSelector: false })
      return [full]
    }
    const relative = trimSlash(path)
    const out: string[] = []
    for (const level of this.levels()) {
      const full = relative === '' ? level || '/' : joinPath(level, relative)
      this.checkName(full === '/' ? '/x' : full, { allowSelector: false })
      if (!out.includes(full)) out.push(full)
    }
    return out
  }

  private levels(): string[] {
    return [this.prefix, ...this.fallbacks].filter((l, i) => l !== '' || i === 0)
  }
}

/** Replaces `{name}` placeholders; a missing variable is a ValidationError, never an empty level. */
export function expandTemplate(
  template: string,
  variables: Readonly<Record<string, string | undefined>>,
): string {
  const expanded = template.replace(/\{([a-zA-Z0-9_]+)\}/g, (_, name: string) => {
    const value = variables[name]
    if (value === undefined || value === '') {
      throw new ValidationError(
        `Template "${template}" needs "${name}" but none was given (rule: template-variable)`,
        { key: template, operation: 'resolve', rule: 'template-variable' },
      )
    }
    return value
  })
  return trimSlash(expanded)
}

function notAString(value: unknown, what: 'key' | 'path'): never {
  throw new ValidationError(
    `A ${what} must be a string, not ${value === null ? 'null' : typeof value} (rule: ${what}-type)`,
    {
      operation: 'resolve',
      rule: `${what}-type`,
    },
  )
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path
}

function joinPath(level: string, relative: string): string {
  if (level === '' || level === '/') return `/${relative}`
  return `${level}/${relative}`
}
