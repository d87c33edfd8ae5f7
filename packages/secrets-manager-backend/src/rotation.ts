import {
  DescribeSecretCommand,
  ListSecretsCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager'
import type { Call } from '@paramkit/aws'
import { isParamkitError } from '@paramkit/core'
import { chunk } from '@paramkit/core/backend'
import { type SharedCall, sharedCall } from './shared-call.js'

export interface RotationReaderOptions {
  enabled: boolean
  /** Milliseconds before a secret with no rotation schedule is asked again. */
  recheck: number
  now: () => number
}

export interface RotationReader {
  enabled: boolean
  /** NextRotationDate of one secret: remembered, else one DescribeSecret. Stops waiting when `signal` aborts. */
  one(id: string, signal?: AbortSignal): Promise<Date | undefined>
  /** NextRotationDate of many secrets: remembered, else ListSecrets filtered on their names, 10 a call. */
  many(ids: readonly string[], signal?: AbortSignal): Promise<Map<string, Date>>
  /** A date a listing brought anyway (ListSecrets carries it), so it costs no call later; the date to serve. */
  learn(id: string, rotatesAt: Date | undefined): Date | undefined
}

/** What is known of one secret's schedule, and until when it holds. */
interface Known {
  rotatesAt: Date | undefined
  until: number
}

// ListSecrets takes at most 10 values per filter; each matches names by prefix.
const NAMES_PER_LIST = 10
// A date already past means a rotation is due or running: look again soon, not on every read.
const OVERDUE_RECHECK = 60_000
// Bounds memory when a process reads very many distinct secrets; the oldest answers go first.
const MAX_KNOWN = 10_000

/**
 * Reads when secrets are due to rotate, so entries carry `rotatesAt`, at most once per secret per
 * rotation period: a date holds until it passes (then the secret has rotated and has a new one), no
 * schedule holds for `recheck`. Never lists the whole account: every ListSecrets names its secrets.
 */
export function rotationReader(
  client: () => SecretsManagerClient,
  call: Call,
  options: RotationReaderOptions,
): RotationReader {
  const known = new Map<string, Known>()
  const pending = new Map<string, SharedCall>()

  function remember(id: string, rotatesAt: Date | undefined): Date | undefined {
    const now = options.now()
    const at = rotatesAt?.getTime()
    const until = at === undefined ? now + options.recheck : at > now ? at : now + OVERDUE_RECHECK
    const entry = { rotatesAt: at === undefined ? undefined : new Date(Math.max(at, until)), until }
    known.delete(id)
    known.set(id, entry)
    if (known.size > MAX_KNOWN) known.delete(known.keys().next().value!)
    return entry.rotatesAt
  }

  function recall(id: string): Known | undefined {
    const entry = known.get(id)
    return entry && options.now() < entry.until ? entry : undefined
  }

  /**
   * One read for the ids neither known nor being read; waits for every id's read, sharing failures.
   * A read every waiter gave up on is aborted, and the next reader starts a new one.
   */
  async function readOnce(
    ids: readonly string[],
    read: (ids: string[], signal: AbortSignal) => Promise<void>,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const missing = ids.filter((id) => !recall(id) && !pending.get(id)?.live)
    if (missing.length > 0) {
      const running = sharedCall((shared) => read(missing, shared))
      const done = () => {
        for (const id of missing) if (pending.get(id) === running) pending.delete(id)
      }
      running.done.then(done, done)
      for (const id of missing) pending.set(id, running)
    }
    const joined = [...new Set(ids.map((id) => pending.get(id)))]
    await Promise.all(joined.map((shared) => shared?.join(signal))).catch((error: unknown) => {
      // This reader's own abort: mapped as any aborted SDK call is. A shared failure is already mapped.
      if (isParamkitError(error)) throw error
      return call('get', ids[0], () => Promise.reject(error))
    })
  }

  async function describe(ids: string[], signal: AbortSignal): Promise<void> {
    const [id] = ids
    const described = await call('get', id, () =>
      client().send(new DescribeSecretCommand({ SecretId: id }), { abortSignal: signal }),
    )
    remember(id!, described.NextRotationDate)
  }

  async function listNamed(names: string[], signal: AbortSignal): Promise<void> {
    const wanted = new Set(names)
    await Promise.all(
      chunk(nameFilters(names), NAMES_PER_LIST).map((values) => listPages(values, wanted, signal)),
    )
  }

  async function listPages(
    values: string[],
    wanted: ReadonlySet<string>,
    signal: AbortSignal,
  ): Promise<void> {
    let NextToken: string | undefined
    do {
      const token = NextToken
      const page = await call('getMany', values[0], () =>
        client().send(
          new ListSecretsCommand({
            Filters: [{ Key: 'name', Values: values }],
            MaxResults: 100,
            ...(token ? { NextToken: token } : {}),
          }),
          { abortSignal: signal },
        ),
      )
      for (const secret of page.SecretList ?? []) {
        if (secret.Name && wanted.has(secret.Name)) remember(secret.Name, secret.NextRotationDate)
      }
      NextToken = page.NextToken || undefined
    } while (NextToken !== undefined)
  }

  return {
    enabled: options.enabled,
    async one(id, signal) {
      if (!options.enabled) return undefined
      const cached = recall(id)
      if (cached) return cached.rotatesAt
      await readOnce([id], describe, signal)
      return recall(id)?.rotatesAt
    },
    async many(ids, signal) {
      const out = new Map<string, Date>()
      // ListSecrets filters by name, so an ARN is not found by it.
      const names = ids.filter((id) => !id.startsWith('arn:'))
      if (!options.enabled || names.length === 0) return out
      await readOnce(names, listNamed, signal)
      for (const name of names) {
        const rotatesAt = recall(name)?.rotatesAt
        if (rotatesAt) out.set(name, rotatesAt)
      }
      return out
    },
    learn(id, rotatesAt) {
      return options.enabled ? remember(id, rotatesAt) : undefined
    },
  }
}

/**
 * ListSecrets name filters (prefixes) that cover `names`: the names themselves when they fit in one
 * call, otherwise each level holding several of them (never the root, so never the whole account).
 */
export function nameFilters(names: readonly string[]): string[] {
  if (names.length <= NAMES_PER_LIST) return [...names]
  const byParent = new Map<string, string[]>()
  for (const name of names) {
    const parent = name.slice(0, name.lastIndexOf('/') + 1)
    const members = byParent.get(parent)
    if (members) members.push(name)
    else byParent.set(parent, [name])
  }
  return [...byParent].flatMap(([parent, members]) =>
    members.length > 1 && parent.replaceAll('/', '').length > 0 ? [parent] : members,
  )
}
