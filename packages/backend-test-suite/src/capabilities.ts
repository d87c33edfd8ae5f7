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

/**
 * Whether a reason given for leaving a group out is true of the capabilities: `flag: false` names a
 * flag that is false; `cannot write Secret` means not writable or no Secret type. Checked apart
 * from `needs`, so a wrong reason is caught.
 */
export function reasonHolds(capabilities: BackendCapabilities, reason: string): boolean {
  const flag = /^(\w+): false$/.exec(reason)?.[1]
  if (flag) return (capabilities as unknown as Record<string, unknown>)[flag] === false
  if (reason === 'cannot write Secret') return !capabilities.write || !capabilities.types.includes('Secret')
  return false
}

/** Which groups a backend's capabilities leave out, and why. */
export function omittedGroups(capabilities: BackendCapabilities): { group: string; reason: string }[] {
  return groups.flatMap((g) => {
    const reason = g.needs?.(capabilities)
    return reason ? [{ group: g.name, reason }] : []
  })
}
