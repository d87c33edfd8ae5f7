/**
 * The environment variable for a key: `database/host` → `DATABASE_HOST`. Every character outside
 * `A-Z 0-9` becomes `_`, a leading digit gets a `_` in front, so the result is always a valid
 * POSIX name (`[A-Z_][A-Z0-9_]*`).
 */
export function envName(key: string): string {
  const name = key
    .replace(/^\/+/, '')
    .replace(/[^a-zA-Z0-9]/g, '_')
    .toUpperCase()
  return /^[0-9]/.test(name) || name === '' ? `_${name}` : name
}

export interface Collision {
  name: string
  /** Every key that maps to `name`, sorted. */
  keys: string[]
  /** The key whose value the variable gets: the first in `keys`. */
  used: string
}

export interface EnvMapping {
  /** Variable name → the key it takes its value from. */
  names: Map<string, string>
  collisions: Collision[]
}

/** Names for a set of keys. Keys that map to one name are a collision, resolved the same way whatever the input order. */
export function mapKeys(keys: readonly string[]): EnvMapping {
  const groups = new Map<string, string[]>()
  for (const key of new Set(keys)) {
    const name = envName(key)
    groups.set(name, [...(groups.get(name) ?? []), key])
  }
  const names = new Map<string, string>()
  const collisions: Collision[] = []
  for (const [name, group] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const sorted = [...group].sort()
    names.set(name, sorted[0]!)
    if (sorted.length > 1) collisions.push({ name, keys: sorted, used: sorted[0]! })
  }
  return { names, collisions }
}
