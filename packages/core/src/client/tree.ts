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
      const next = own(node, level)
      if (isBranch(next)) {
        node = next
      } else {
        const branch: ConfigTree = {}
        if (next !== undefined) put(branch, SELF_KEY, next)
        put(node, level, branch)
        node = branch
      }
    }
    const last = levels[levels.length - 1]!
    const held = own(node, last)
    if (isBranch(held)) put(held, SELF_KEY, value)
    else put(node, last, value)
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
    const existing = own(target, key)
    if (isBranch(value) && isBranch(existing)) mergeInto(existing, value)
    else if (isBranch(value)) {
      const copy: ConfigTree = {}
      mergeInto(copy, value)
      put(target, key, copy)
    } else put(target, key, value)
  }
}

/**
 * A key's own value, never an inherited one: a level called `constructor` or `__proto__` is data, not
 * `Object.prototype`'s member.
 */
export function own(node: object, key: string): unknown {
  return Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined
}

/**
 * Sets an own, enumerable property whatever its name: `node.__proto__ = v` would replace the object's
 * prototype (with a parsed JSON secret's `{"__proto__": ...}`, or a level so named), this defines data.
 */
export function put(node: object, key: string, value: unknown): void {
  Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true })
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
