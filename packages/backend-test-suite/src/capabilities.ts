import type { BackendCapabilities } from '@paramkit/core/backend'
import { conformanceGroups } from './conformance-groups.js'
import type { ConformanceGroup } from './context.js'

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

/** Which of `groups` (default: all) a backend's capabilities leave out, and why. */
export function omittedGroups(
  capabilities: BackendCapabilities,
  groups: readonly ConformanceGroup[] = conformanceGroups,
): { group: string; reason: string }[] {
  return groups.flatMap((g) => {
    const reason = g.needs?.(capabilities)
    return reason ? [{ group: g.name, reason }] : []
  })
}
