import { type FailoverOptions, failoverBackends, ValidationError } from '@paramkit/core'
import type { Backend } from '@paramkit/core/backend'
import { readsArnsIn } from './regional-arns.js'

/** Reading one service from several regions, in failover order. */
export interface RegionalOptions<Client> {
  /** Regions in failover order, e.g. `['us-east-1', 'us-west-2']`: one client per region, created on first use. */
  regions?: readonly string[]
  /** Clients of your own, one per region, in failover order (instead of `regions`). */
  clients?: readonly Client[]
  /** How members are passed over and probed: `failoverBackends`' options. */
  failover?: Omit<FailoverOptions, 'name'>
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/

/**
 * With `regions` or `clients`, one backend per region behind `failoverBackends` (each named
 * `service(region)`); without, `single(options)` as it is. Checked before any client exists.
 */
export function regionalBackend<
  Client,
  O extends RegionalOptions<Client> & { client?: Client; clientConfig?: object },
  B extends Backend,
>(service: string, options: O, single: (options: O) => B): B {
  const { regions, clients } = options
  if (regions === undefined && clients === undefined) return single(options)
  const fail = (rule: string, message: string): never => {
    throw new ValidationError(`${service}Backend: ${message} (rule: ${rule})`, {
      backend: service,
      operation: 'resolve',
      rule,
    })
  }
  if (regions !== undefined && clients !== undefined)
    fail('regions-or-clients', 'give regions or clients, not both')
  if (options.client !== undefined)
    fail('regions-or-client', 'give client (one region) or regions/clients (failover), not both')
  const count = (regions ?? clients)!.length
  if (count === 0) fail('regions-empty', 'regions/clients needs at least one entry')
  for (const region of regions ?? []) {
    if (typeof region !== 'string' || !REGION.test(region))
      fail('region-format', `"${String(region).slice(0, 40)}" is not a region such as us-west-2`)
  }
  if (regions && new Set(regions).size !== regions.length) fail('regions-unique', 'each region is named once')
  const members = regions
    ? regions.map((region) =>
        renamed(
          readsArnsIn(
            single({
              ...options,
              regions: undefined,
              clients: undefined,
              clientConfig: { ...options.clientConfig, region },
            }),
            async () => region,
          ),
          `${service}(${region})`,
        ),
      )
    : clients!.map((client, i) =>
        renamed(
          readsArnsIn(single({ ...options, regions: undefined, clients: undefined, client }), () =>
            regionOf(client),
          ),
          `${service}(${i})`,
        ),
      )
  if (members.length === 1) return members[0]!
  const where = members.map((m) => m.name.slice(service.length + 1, -1)).join(',')
  const combined: Record<string, unknown> = {
    ...failoverBackends(members, { ...options.failover, name: `${service}(${where})` }),
  }
  // What the failover backend does not know of (a label, a rotation) is a write: the primary's.
  const primary = members[0] as unknown as Record<string, unknown>
  for (const [key, value] of Object.entries(primary)) {
    if (!(key in combined) && typeof value === 'function') combined[key] = value.bind(primary)
  }
  return combined as unknown as B
}

/** An SDK client's region: its config holds a string or a provider. */
async function regionOf(client: unknown): Promise<string | undefined> {
  const region = (client as { config?: { region?: unknown } } | undefined)?.config?.region
  if (typeof region === 'string') return region
  if (typeof region === 'function') return (await (region as () => Promise<unknown>)()) as string | undefined
  return undefined
}

function renamed<B extends Backend>(backend: B, name: string): B {
  return { ...backend, name }
}
