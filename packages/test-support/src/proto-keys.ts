import fc from 'fast-check'

/** Object.prototype's own property names that are legal parameter-name segments (`__proto__`, `constructor`, ...). */
export const prototypeNames = [
  ...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype']),
].filter((name) => /^[A-Za-z0-9_.-]+$/.test(name))

/** A segment of a parameter name drawn from Object.prototype's property names and from JSON keys. */
export const protoSegment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...prototypeNames) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/) },
)

/** What a global prototype holds, to compare before and after: its own names and descriptors' kinds. */
export function prototypeState(): string {
  return [Object.prototype, Array.prototype, Function.prototype]
    .map((proto) => Object.getOwnPropertyNames(proto).sort().join(','))
    .join('|')
}

/** Follows own properties only: the value at `path` in `tree`, or undefined. */
export function ownAt(tree: unknown, path: readonly string[]): unknown {
  let node = tree
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node
}
