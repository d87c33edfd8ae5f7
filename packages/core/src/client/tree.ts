/** A nested configuration object: levels become objects, values their leaves. */
export interface ConfigTree {
  [level: string]: unknown
}

/** Key under which a name's value is kept when the same name is also a level with children. */
export const SELF_KEY = '_'

/**
 * Builds a nested object from full names under `root`: `/prod/api/database/host` under
 * `/prod/api` becomes `{ database: { host } }`.
 */
export function buildTree(root: string, leaves: Iterable<readonly [string, unknown]>): ConfigTree {
  const tree: ConfigTree = {}
  const base = root === '/' ? '' : root
  for (const [name, value] of leaves) {
    if (name !== base && !name.startsWith(`${base}/`)) continue
    const levels = name.slice(base.length).split('/').filter(Boolean)
    if (levels.length === 0) continue
    let node = tree
    for (const level of levels.slice(0, -1)) {
      const next = node[level]
      if (isBranch(next)) {
        node = next
      } else {
        const branch: ConfigTree = next === undefined ? {} : { [SELF_KEY]: next }
        node[level] = branch
        node = branch
      }
    }
    const last = levels[levels.length - 1]!
    if (isBranch(node[last])) (node[last] as ConfigTree)[SELF_KEY] = value
    else node[last] = value
  }
  return tree
}

/** Deep merge where earlier trees win: the service's own level overrides its fallbacks. */
export function mergeTrees(trees: readonly ConfigTree[]): ConfigTree {
  const out: ConfigTree = {}
  for (const tree of [...trees].reverse()) mergeInto(out, tree)
  return out
}

function mergeInto(target: ConfigTree, source: ConfigTree): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key]
    if (isBranch(value) && isBranch(existing)) mergeInto(existing, value)
    else if (isBranch(value)) {
      const copy: ConfigTree = {}
      mergeInto(copy, value)
      target[key] = copy
    } else target[key] = value
  }
}

export function isBranch(value: unknown): value is ConfigTree {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
}

/** Every leaf with its dotted path, for reports and redaction. */
export function* leavesOf(tree: ConfigTree, prefix = ''): Generator<[string, unknown]> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (isBranch(value)) yield* leavesOf(value, path)
    else yield [path, value]
  }
}
