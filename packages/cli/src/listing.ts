import type { Backend, Entry } from '@paramkit/core/backend'
import { type Hierarchy, keyUnder } from './hierarchy.js'

/** One key of a merged listing: its key relative to its level, the entry, and the level that holds it. */
export interface Row {
  key: string
  entry: Entry
  /** The level the entry came from; `''` for an absolute path. */
  level: string
}

export interface ReadOptions {
  /** Decrypt SecureString values. Off unless values are needed, so listing needs no kms:Decrypt. */
  decrypt: boolean
}

/** Every entry under `path` at each level, level by level. */
export async function readLevels(
  backend: Backend,
  hierarchy: Hierarchy,
  path: string,
  options: ReadOptions,
): Promise<Row[][]> {
  const out: Row[][] = []
  for (const { level, path: full } of hierarchy.pathsFor(path)) {
    const rows: Row[] = []
    for await (const page of backend.list(full, { recursive: true, withDecryption: options.decrypt })) {
      for (const entry of page.entries) rows.push({ key: keyUnder(level, entry.name), entry, level })
    }
    out.push(rows)
  }
  return out
}

/**
 * The keys an app would see under `path`: the service's own level shadows the fallbacks, as
 * `createConfig` resolves them. Sorted by key.
 */
export async function readMerged(
  backend: Backend,
  hierarchy: Hierarchy,
  path: string,
  options: ReadOptions,
): Promise<Row[]> {
  const merged = new Map<string, Row>()
  for (const rows of await readLevels(backend, hierarchy, path, options)) {
    for (const row of rows) if (!merged.has(row.key)) merged.set(row.key, row)
  }
  return [...merged.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}
