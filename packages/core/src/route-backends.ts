import { isArn, parseArn } from './arn.js'
import type {
  Backend,
  BackendCapabilities,
  Entry,
  GetManyResult,
  ListOptions,
  ListPage,
  PutOptions,
} from './backend.js'
import { ValidationError } from './errors.js'
import { checkGenericName } from './names.js'

export type Route =
  | { prefix: string; backend: Backend }
  | { match: (name: string) => boolean; backend: Backend }
  /** Full ARNs of this account (12 digits): what another account shares, read through its own backend. */
  | { account: string; backend: Backend }
  /** Full ARNs in this region, e.g. `us-west-2`. */
  | { region: string; backend: Backend }
  | { backend: Backend }

/**
 * One logical backend over several: each name goes to the first route that claims it
 * (by prefix or predicate), a route with neither is the default. Lists merge every backend
 * that may hold names under the path, each name reported once, by the backend that owns it.
 */
export function routeBackends(routes: readonly Route[]): Backend {
  if (routes.length === 0) {
    throw new ValidationError('routeBackends needs at least one route (rule: no-routes)', {
      rule: 'no-routes',
    })
  }
  for (const route of routes) checkRoute(route)
  const backends = [...new Set(routes.map((r) => r.backend))]

  function claimant(name: string): Backend | undefined {
    const arn = isArn(name) ? parseArn(name) : undefined
    const plain = arn ? name : stripSelector(name)
    for (const route of routes) {
      if ('prefix' in route) {
        if (claims(route.prefix, plain)) return route.backend
      } else if ('match' in route) {
        if (route.match(plain)) return route.backend
      } else if ('account' in route) {
        if (arn?.account === route.account) return route.backend
      } else if ('region' in route) {
        if (arn?.region === route.region) return route.backend
      } else return route.backend
    }
    return undefined
  }

  function owner(name: string): Backend {
    const backend = claimant(name)
    if (backend) return backend
    throw new ValidationError(`No route claims "${name}" (rule: unrouted-name)`, {
      key: name,
      operation: 'resolve',
      rule: 'unrouted-name',
    })
  }

  function writable(name: string): Required<Pick<Backend, 'put' | 'delete'>> & Backend {
    const backend = owner(name)
    if (!backend.put || !backend.delete) {
      throw new ValidationError(
        `The ${backend.name} backend that owns "${name}" cannot write (rule: read-only)`,
        {
          key: name,
          backend: backend.name,
          operation: 'put',
          rule: 'read-only',
        },
      )
    }
    return backend as Required<Pick<Backend, 'put' | 'delete'>> & Backend
  }

  return {
    name: `router(${backends.map((b) => b.name).join(',')})`,
    capabilities: combine(backends.map((b) => b.capabilities)),
    // The rules of the store that owns the name; a level no route claims gets the shared ones.
    checkName(name, context) {
      const backend = claimant(name)
      if (backend?.checkName) backend.checkName(name, context)
      else checkGenericName(name)
    },
    get: async (name, options) => owner(name).get(name, options),
    async getMany(names, options): Promise<GetManyResult> {
      const groups = new Map<Backend, string[]>()
      for (const name of names) {
        const backend = owner(name)
        groups.set(backend, [...(groups.get(backend) ?? []), name])
      }
      const results = await Promise.all(
        [...groups].map(([backend, group]) => backend.getMany(group, options)),
      )
      return {
        entries: results.flatMap((r) => r.entries),
        missing: results.flatMap((r) => r.missing),
        invalid: results.flatMap((r) => r.invalid),
      }
    },
    async *list(path: string, options?: ListOptions): AsyncIterable<ListPage> {
      for (const backend of backends) {
        if (!mayHold(routes, backend, path)) continue
        for await (const page of backend.list(path, options)) {
          const entries = page.entries.filter((e: Entry) => owner(e.name) === backend)
          yield page.nextToken === undefined ? { entries } : { entries, nextToken: page.nextToken }
        }
      }
    },
    put: async (name: string, value: string | Uint8Array, options?: PutOptions) =>
      writable(name).put(name, value, options),
    delete: async (name: string) => writable(name).delete(name),
    async close() {
      await Promise.all(backends.map((b) => b.close?.()))
    },
  }
}

function claims(prefix: string, name: string): boolean {
  const base = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix
  return name === base || name.startsWith(`${base}/`)
}

/** Whether a backend's routes could own a name under `path`. */
function mayHold(routes: readonly Route[], backend: Backend, path: string): boolean {
  return routes.some((route) => {
    if (route.backend !== backend) return false
    if ('prefix' in route) return claims(path, route.prefix) || claims(route.prefix, path)
    // ARNs are never listed: a route by account or region holds nothing a listing could return.
    return !('account' in route) && !('region' in route)
  })
}

function combine(all: readonly BackendCapabilities[]): BackendCapabilities {
  return {
    write: all.every((c) => c.write),
    types: [...new Set(all.flatMap((c) => c.types))],
    versionSelectors: all.every((c) => c.versionSelectors),
    labelSelectors: all.every((c) => c.labelSelectors),
    stages: all.some((c) => c.stages),
    nonRecursiveList: all.every((c) => c.nonRecursiveList),
    maxValueBytes: Math.min(...all.map((c) => c.maxValueBytes)),
    batchSize: Math.min(...all.map((c) => c.batchSize)),
  }
}

function stripSelector(name: string): string {
  const colon = name.lastIndexOf(':')
  return colon === -1 ? name : name.slice(0, colon)
}

function checkRoute(route: Route): void {
  const bad = (rule: string, message: string): never => {
    throw new ValidationError(`routeBackends: ${message} (rule: ${rule})`, { operation: 'resolve', rule })
  }
  if ('account' in route && !/^\d{12}$/.test(route.account))
    bad('route-account', 'an account route needs a 12-digit account id')
  if ('region' in route && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(route.region))
    bad('route-region', 'a region route needs a region such as us-west-2')
}
