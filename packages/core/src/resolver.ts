import { isArn } from './arn.js'
import type { HotMemo } from './cache/hot-reads.js'
import { ValidationError } from './errors.js'
import { checkGenericName, type NameCheck, safeName, splitField } from './names.js'

const MAX_REMEMBERED = 10_000

export interface ResolverOptions {
  /** Template of the service's own level, e.g. `/{env}/{service}`. Empty means keys must be absolute. */
  prefix: string
  /** Templates of levels tried in order when a relative key is missing, e.g. `['/{env}/shared', '/shared']`. */
  fallbacks: readonly string[]
  /** Values for the `{placeholders}` in the templates. */
  variables: Readonly<Record<string, string | undefined>>
  /** The backend's name rules (`Backend.checkName`); the rules every backend shares by default. */
  checkName?: NameCheck | undefined
}

/**
 * A full name as read, parsed once when its key is resolved: the cache slot it lives in and, for
 * `name#field`, the JSON field taken from that slot on every read (so fields of one secret never tear).
 */
export interface NameKey {
  readonly kind: 'name'
  /** As written, e.g. `/prod/api/db#password` or `/prod/api/db:3`. */
  readonly name: string
  /** The cache slot: the name less its `#field`. */
  readonly slot: string
  readonly field: string | undefined
  /** The parameter itself, less selector and field: what a listing holds. */
  readonly base: string
}

/** The cached list of the names under a path (one slot per path, never a parameter name: `:` is not allowed in one). */
export interface ListingKey {
  readonly kind: 'listing'
  readonly path: string
  readonly slot: string
}

/** What a cache slot stands for. */
export type SlotKey = NameKey | ListingKey

const LISTING_PREFIX = 'list:'

export function listingKey(path: string): ListingKey {
  return { kind: 'listing', path, slot: LISTING_PREFIX + path }
}

/** The typed key of a name, or of a cache slot (as `cache.keys()` lists them). */
export function slotKeyOf(key: string): SlotKey {
  if (key.startsWith(LISTING_PREFIX)) return listingKey(key.slice(LISTING_PREFIX.length))
  const hash = key.indexOf('#')
  const slot = hash === -1 ? key : key.slice(0, hash)
  const field = hash === -1 ? undefined : key.slice(hash + 1)
  const colon = slot.lastIndexOf(':')
  const base = colon === -1 || slot.indexOf('/', colon) !== -1 ? slot : slot.slice(0, colon)
  return { kind: 'name', name: key, slot, field, base }
}

export interface Resolution {
  /** The key as the caller wrote it. */
  key: string
  /** Full names to try, most specific first, each with the caller's selector. */
  candidates: string[]
  /** The candidates, parsed. */
  keys: NameKey[]
  /** Index of the candidate that answered the last read, so reloads ask no level past it. */
  answeredAt?: number | undefined
  /** The fresh plain slot of the first candidate, found by a hot read (cache/hot-reads.ts). */
  hot?: HotMemo | undefined
}

/** Turns relative keys (`database/host`) into the ordered list of full names to try. */
export class KeyResolver {
  readonly prefix: string
  readonly fallbacks: readonly string[]
  private readonly checkName: NameCheck

  constructor(options: ResolverOptions) {
    this.prefix = expandTemplate(options.prefix, options.variables)
    this.fallbacks = options.fallbacks.map((f) => expandTemplate(f, options.variables))
    this.checkName = options.checkName ?? checkGenericName
    for (const level of [this.prefix, ...this.fallbacks]) {
      if (level !== '') this.checkLevel(level)
    }
  }

  /** Resolutions made so far, by key (read directly by the hot path, see ReadPipeline.hotText). */
  readonly resolved = new Map<string, Resolution>()

  /** The resolution already made for `key`, if any: no checks, for the hot path. */
  known(key: string): Resolution | undefined {
    return this.resolved.get(key)
  }

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
    // Absolute keys, and flat Parameter Store names such as `MyParam` when no hierarchy is configured.
    // A full ARN (a parameter or secret another account shares) is read as it is, at no other level.
    const names =
      key.startsWith('/') || isArn(key) || (this.prefix === '' && this.fallbacks.length === 0)
        ? [key]
        : this.levels().map((level) => joinPath(level, key))
    const keys: NameKey[] = []
    for (const name of names) {
      this.checkName(splitField(name, true).name, { allowSelector: true })
      if (!keys.some((k) => k.name === name)) keys.push(slotKeyOf(name) as NameKey)
    }
    return { key, candidates: keys.map((k) => k.name), keys }
  }

  /** Full paths for a subtree, most specific first (`''` is the service's own root). */
  resolvePath(path: string): string[] {
    if (typeof path !== 'string') notAString(path, 'path')
    if (isArn(path)) {
      throw new ValidationError(
        `"${safeName(path)}" is an ARN: parameters and secrets shared from another account are never listed (GetParametersByPath returns only the account's own); read each by its ARN with get or getSecret (rule: arn-not-listable)`,
        { key: safeName(path), operation: 'resolve', rule: 'arn-not-listable' },
      )
    }
    if (path.startsWith('/')) {
      const full = trimSlash(path)
      if (full !== '/') this.checkLevel(full)
      return [full]
    }
    const relative = trimSlash(path)
    const out: string[] = []
    for (const level of this.levels()) {
      const full = relative === '' ? level || '/' : joinPath(level, relative)
      this.checkLevel(full === '/' ? '/x' : full)
      if (!out.includes(full)) out.push(full)
    }
    return out
  }

  /** A level or a path: no selector, no field. */
  private checkLevel(path: string): void {
    this.checkName(splitField(path, false).name, { allowSelector: false })
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
