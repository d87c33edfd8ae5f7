import type { Entry } from '@paramkit/core/backend'
import type { EntrySpec, SeedData } from '@paramkit/memory-backend'

export type SecretsMode = 'placeholder' | 'include'

/** What a secret's value becomes in a fixture pulled without `--secrets include`. */
export function placeholder(name: string): string {
  return `<placeholder:${name}>`
}

export function isPlaceholder(value: string | Uint8Array): boolean {
  const text = typeof value === 'string' ? value : Buffer.from(value).toString('utf8')
  return /^<placeholder:[^>]*>$/.test(text)
}

/** Keys that make an object an entry in the seed format, so they cannot name a level. */
const ENTRY_KEYS = new Set(['value', 'base64', 'versions'])

/** One entry in the seed format: plain strings and lists where that says it all, the object form otherwise. */
export function entrySpec(entry: Entry, mode: SecretsMode): string | string[] | EntrySpec {
  const hide = entry.sensitive && mode === 'placeholder'
  const text = hide ? placeholder(entry.name) : undefined
  if (entry.type === 'Binary') {
    const bytes = text !== undefined ? Buffer.from(text) : Buffer.from(entry.value as Uint8Array)
    return { type: 'Binary', base64: bytes.toString('base64') }
  }
  const value = text ?? (entry.value as string)
  if (entry.type === 'String' && !entry.sensitive) return value
  if (entry.type === 'StringList' && !entry.sensitive) return value.split(',')
  return { type: entry.type, value }
}

export interface FixtureGroup {
  /** The level the entries are nested under, e.g. `/prod/order-api`. */
  root: string
  entries: readonly Entry[]
}

/**
 * Builds a fixture in the memory backend's seed format (what `memoryBackend.fromFile` reads):
 * entries nested by level under each root, as examples/fixtures/order-api.json is written. A
 * name that cannot nest (it is both a value and a level, or a level is called `value`) is written
 * flat under its full name, which the format also accepts.
 */
export function buildFixture(groups: readonly FixtureGroup[], mode: SecretsMode): SeedData {
  const data: SeedData = {}
  const seen = new Set<string>()
  for (const { root, entries } of groups) {
    const base = root === '/' ? '' : root
    for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (seen.has(entry.name)) continue
      seen.add(entry.name)
      const spec = entrySpec(entry, mode)
      const parts =
        base && entry.name.startsWith(`${base}/`) ? entry.name.slice(base.length + 1).split('/') : []
      if (!base || parts.length === 0 || !nest(data, [base, ...parts], spec)) put(data, entry.name, spec)
    }
  }
  return data
}

/** Puts `spec` at `path` inside `data` unless that would make a value and a level share a name. */
function nest(data: SeedData, path: readonly string[], spec: SeedData[string]): boolean {
  if (path.slice(1).some((p) => ENTRY_KEYS.has(p))) return false
  let node = data
  for (const part of path.slice(0, -1)) {
    const next = own(node, part)
    if (next === undefined) put(node, part, {})
    else if (typeof next !== 'object' || Array.isArray(next) || isEntry(next)) return false
    node = own(node, part) as SeedData
  }
  const last = path[path.length - 1]!
  if (own(node, last) !== undefined) return false
  put(node, last, spec)
  return true
}

/** A key's own value: a level called `__proto__` or `constructor` is data, never Object.prototype's member. */
function own(node: SeedData, key: string): SeedData[string] | undefined {
  return Object.hasOwn(node, key) ? node[key] : undefined
}

/** Defines data under any key (`node.__proto__ = v` would replace the prototype, or write into Object.prototype). */
function put(node: SeedData, key: string, value: SeedData[string]): void {
  Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true })
}

function isEntry(value: object): boolean {
  return Object.keys(value).some((k) => ENTRY_KEYS.has(k))
}
