/**
 * A `ConfigService` path as a paramkit key: dots separate levels, so `database.host` is `database/host`.
 * A path with a `/` is a key already (`database/host`, or absolute `/shared/region`) and is kept as it is.
 * Empty segments (`a..b`, `.a`, `a.`) are kept as empty levels, so the key check rejects them as `get` does.
 */
export function hierarchyKey(path: string): string {
  return path.includes('/') ? path : path.split('.').join('/')
}

/** The first level of a dotted path (a namespace's token, for `database.host`) and the rest. */
export function splitHead(path: string): [head: string, rest: string[]] {
  const [head = '', ...rest] = path.includes('/') ? path.split('/') : path.split('.')
  return [head, rest]
}
