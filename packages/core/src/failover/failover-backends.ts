import type { Backend, Entry, GetManyResult, ListOptions, ListPage, ReadOptions } from '../backend.js'
import { ValidationError } from '../errors.js'
import { optionNames, rejectUnknownOptions, stripUndefined } from '../known-options.js'
import type { FailoverListener, FailoverOptions, FailoverStats } from './events.js'
import { failoverDefaults } from './events.js'
import type { Member } from './member.js'
import { FailoverMembers } from './members.js'

const failoverOptionNames = optionNames<FailoverOptions>({
  failures: true,
  probeMs: true,
  probeTimeoutMs: true,
  name: true,
})

/**
 * One backend over a primary and its replicas (another region, a copy): each read goes to the first
 * member whose circuit is closed; a member whose call fails on the wire is passed over at once, one whose
 * call timed out from then on, until its background probe (one per `probeMs`) succeeds. Writes go to the
 * primary only. A replica that answers NotFound for a name the primary holds is reported as misconfigured
 * (`ReplicaMissingError`, a `failover` event), never taken as absence.
 */
export function failoverBackends(backends: readonly Backend[], options: FailoverOptions = {}): Backend {
  if (backends.length < 2) {
    throw new ValidationError(
      `failoverBackends needs a primary and at least one replica, got ${backends.length} (rule: failover-members)`,
      { rule: 'failover-members', operation: 'resolve' },
    )
  }
  rejectUnknownOptions(options, failoverOptionNames, 'failoverBackends options')
  for (const [name, value] of Object.entries({
    failures: options.failures,
    probeMs: options.probeMs,
    probeTimeoutMs: options.probeTimeoutMs,
  })) {
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
      throw new ValidationError(
        `failoverBackends option "${name}" must be a positive integer (rule: positive-integer)`,
        {
          key: name,
          rule: 'positive-integer',
          operation: 'resolve',
        },
      )
    }
  }
  const members = new FailoverMembers(backends, { ...failoverDefaults, ...stripUndefined(options) })
  const primary = backends[0]!
  const name = options.name ?? `failover(${members.list.map((m) => m.name).join(',')})`

  function served(entry: Entry, member: Member): Entry {
    return { ...entry, servedBy: member.name }
  }

  async function get(key: string, readOptions?: ReadOptions): Promise<Entry> {
    return members.serve('get', key, readOptions?.signal, async (member, signal) => {
      const entry = await member.backend.get(key, { ...readOptions, signal })
      members.sawAnswer(member, [entry])
      return served(entry, member)
    })
  }

  async function getMany(names: readonly string[], readOptions?: ReadOptions): Promise<GetManyResult> {
    return members.serve('getMany', names[0], readOptions?.signal, async (member, signal) => {
      const result = await member.backend.getMany(names, { ...readOptions, signal })
      members.sawAnswer(member, result.entries, result.missing)
      // Names the primary holds that a replica calls missing stay unanswered: core asks for each alone.
      const missing = member.index === 0 ? result.missing : result.missing.filter((n) => !members.held.has(n))
      return { ...result, entries: result.entries.map((e) => served(e, member)), missing }
    })
  }

  async function* list(path: string, listOptions?: ListOptions): AsyncIterable<ListPage> {
    const first = await members.serve('list', path, listOptions?.signal, async (member, signal) => {
      const pages = member.backend.list(path, { ...listOptions, signal })[Symbol.asyncIterator]()
      const page = await pages.next()
      return { member, pages, page }
    })
    // A listing's continuation tokens belong to the member that gave its first page.
    const { member, pages } = first
    for (let page = first.page; !page.done; page = await pages.next()) {
      members.sawAnswer(member, page.value.entries)
      yield { ...page.value, entries: page.value.entries.map((e) => served(e, member)) }
    }
  }

  function writable(): Required<Pick<Backend, 'put' | 'delete'>> {
    if (!primary.put || !primary.delete) {
      throw new ValidationError(`The primary of ${name} cannot write (rule: read-only)`, {
        backend: name,
        operation: 'put',
        rule: 'read-only',
      })
    }
    return primary as Required<Pick<Backend, 'put' | 'delete'>>
  }

  const backend: Backend & {
    onFailover(listener: FailoverListener): () => void
    failoverStats(): FailoverStats
  } = {
    name,
    capabilities: {
      ...primary.capabilities,
      batchSize: Math.min(...backends.map((b) => b.capabilities.batchSize)),
    },
    get,
    getMany,
    list,
    put: (key, value, putOptions) => writable().put(key, value, putOptions),
    delete: (key) => writable().delete(key),
    onFailover: (listener) => members.onFailover(listener),
    failoverStats: () => members.stats(),
    async close() {
      members.close()
      await Promise.all(backends.map((b) => b.close?.()))
    },
  }
  if (primary.checkName) backend.checkName = primary.checkName.bind(primary)
  if (primary.label) backend.label = primary.label.bind(primary)
  return backend
}
