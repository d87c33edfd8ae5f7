import type { BackendCapabilities } from '@paramkit/core/backend'

/** The suite's groups and the capability each needs; kept free of vitest so CommonJS can load it. */
interface Group {
  name: string
  /** Why a backend without the capability leaves this group out; undefined when it always applies. */
  needs?: (c: BackendCapabilities) => string | undefined
}

export const groups: Group[] = [
  { name: 'reads' },
  { name: 'types' },
  { name: 'list' },
  { name: 'list (one level)', needs: (c) => (c.nonRecursiveList ? undefined : 'nonRecursiveList: false') },
  {
    name: 'versions',
    needs: (c) => (!c.versionSelectors ? 'versionSelectors: false' : !c.write ? 'write: false' : undefined),
  },
  {
    name: 'labels',
    needs: (c) => (!c.labelSelectors ? 'labelSelectors: false' : !c.write ? 'write: false' : undefined),
  },
  {
    name: 'stages',
    needs: (c) =>
      !c.stages
        ? 'stages: false'
        : !c.write || !c.types.includes('Secret')
          ? 'cannot write Secret'
          : undefined,
  },
  { name: 'writes', needs: (c) => (c.write ? undefined : 'write: false') },
]

/** Which groups a backend's capabilities leave out, and why. */
export function omittedGroups(capabilities: BackendCapabilities): { group: string; reason: string }[] {
  return groups.flatMap((g) => {
    const reason = g.needs?.(capabilities)
    return reason ? [{ group: g.name, reason }] : []
  })
}
