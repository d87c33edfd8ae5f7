import type { Backend, Entry, GetManyResult } from '@paramkit/core/backend'
import { isArn } from '@paramkit/core/backend'

/**
 * A member of a regional failover reads a full ARN in its own region: a replica's copy has the same ARN
 * but for the region (a replicated secret keeps its name and suffix; a copied parameter its path). The
 * ARN's region is swapped for the member's before the call, and its entries are named by the ARN asked.
 */
export function readsArnsIn<B extends Backend>(backend: B, regionOf: () => Promise<string | undefined>): B {
  const local = async (name: string) => {
    if (!isArn(name)) return name
    const region = await regionOf()
    return region ? withRegion(name, region) : name
  }
  return {
    ...backend,
    async get(name, options) {
      const asked = await local(name)
      const entry = await backend.get(asked, options)
      return asked === name ? entry : renamed(entry, new Map([[asked, name]]))
    },
    async getMany(names, options): Promise<GetManyResult> {
      const asked = await Promise.all(names.map(local))
      if (asked.every((a, i) => a === names[i])) return backend.getMany(names, options)
      const original = new Map<string, string>()
      asked.forEach((a, i) => {
        if (!original.has(a)) original.set(a, names[i]!)
      })
      const back = (name: string) => original.get(name) ?? name
      const result = await backend.getMany([...original.keys()], options)
      return {
        entries: result.entries.map((entry) => renamed(entry, original)),
        missing: result.missing.map(back),
        invalid: result.invalid.map(back),
      }
    },
  }
}

/** `arn` with its fourth field, the region, replaced. */
export function withRegion(arn: string, region: string): string {
  const parts = arn.split(':')
  if (parts.length < 6) return arn
  parts[3] = region
  return parts.join(':')
}

/** An entry read by a swapped ARN (with or without its selector) is named by the ARN the caller asked. */
function renamed(entry: Entry, original: ReadonlyMap<string, string>): Entry {
  const selector = entry.selector ?? ''
  const asked = original.get(entry.name + selector) ?? original.get(entry.name)
  if (asked === undefined) return entry
  return { ...entry, name: selector && asked.endsWith(selector) ? asked.slice(0, -selector.length) : asked }
}
