import type { Entry } from '../backend.js'
import { type CacheStats, EncryptedCache } from '../cache/encrypted-cache.js'
import type { KeyProviderStats } from '../crypto/key-provider.js'
import { ClosedError, NotFoundError } from '../errors.js'
import type { FailoverStats } from '../failover/events.js'
import { rejectUnknownOptions, stripUndefined } from '../known-options.js'
import { KeyResolver, type NameKey, slotKeyOf } from '../resolver.js'
import { Secret } from '../secret.js'
import type { StandardSchemaV1 } from '../standard-schema.js'
import { instrumentBackend } from '../telemetry/instrument-backend.js'
import { type ConfigCounts, observeConfig } from '../telemetry/observe-config.js'
import { isAuthenticationError } from './auth-errors.js'
import { attachChangeFeed } from './change-feed.js'
import { type ConfigEvents, Emitter, type RefreshEvent } from './events.js'
import { type ConfigOptions, configOptionNames, defaultPrefix, snapshotOptionNames } from './options.js'
import { Batcher } from './policy/batcher.js'
import { CallPolicy, sharedParts } from './policy/call-policy.js'
import type { CircuitStateName } from './policy/circuit.js'
import { Lister } from './policy/lister.js'
import { timeoutDefaults } from './policy/timeouts.js'
import { ReadBounds } from './read-bounds.js'
import { MISS, ReadPipeline } from './read-pipeline.js'
import { type ConfigEntry, refuseSecret, sealedEntry } from './secret-reads.js'
import { SnapshotKeeper, type SnapshotStats } from './snapshot-keeper.js'
import { SyncReads } from './sync-reads.js'
import type { ConfigTree } from './tree.js'
import { TreeReader } from './tree-reader.js'
import { entryJSON, entryList, entryText } from './values.js'

export interface ConfigStats extends CacheStats {
  backend: string
  /** The sealed snapshot, when one is configured. */
  snapshot?: SnapshotStats
  /** Calls made to the backend (`get`, `getMany` and each `list` page). */
  backendCalls: number
  /** The call policy of the backend: its circuit, how often it opened, the throttle rate (calls/s, null: unlimited), retries left. */
  policy: { circuit: CircuitStateName; circuitOpens: number; rate: number | null; retriesLeft: number }
  keys: KeyProviderStats
  /** With `failoverBackends`: which member serves, the switches, each member's circuit and calls. */
  failover?: FailoverStats
}

export interface FreshSecretOptions {
  /** Whether an error from `fn` means the credential was refused. Default: `isAuthenticationError`. */
  isAuthError?: (error: unknown) => boolean
}

type Loaded<S> = S extends StandardSchemaV1 ? StandardSchemaV1.InferOutput<S> : ConfigTree

export interface ConfigClient<S extends StandardSchemaV1 | undefined = undefined> {
  readonly backendName: string
  /** The service's own level after templates are filled, e.g. `/prod/order-api`. */
  readonly prefix: string
  /** A plain value. A secret (SecureString, Secrets Manager, sensitive) is refused: read it with `getSecret`. */
  get(key: string): Promise<string>
  /** As `get`, undefined when the key is not found. */
  getOptional(key: string): Promise<string | undefined>
  getSecret(key: string): Promise<Secret<string>>
  getJSON<T = unknown>(key: string): Promise<T>
  getList(key: string): Promise<string[]>
  /** Several keys, loaded with one batched backend call. */
  getMany<K extends string>(keys: readonly K[]): Promise<Record<K, string>>
  /** The full entry (type, version, ...) of a key; a secret's value is a sealed `Secret`. */
  getEntry(key: string): Promise<ConfigEntry>
  /**
   * The value the cache holds for `key`, synchronously, through the same hierarchy as `get`: after
   * `load()` or `preload(keys)`. Stale within `maxStale`: answered, and reloaded in the background.
   * Never loaded (or past `maxStale` with no failed reload): NotLoadedError; past `maxStale` after a
   * failed reload: BackendUnavailableError, as `get`. A fresh hit allocates nothing.
   */
  getSync(key: string): string
  /** As `getSync`; undefined where `get` would throw NotFoundError. */
  getOptionalSync(key: string): string | undefined
  /** As `getSync`, as the shared `Secret` of the cached version (sealed, never plaintext). */
  getSecretSync(key: string): Secret<string>
  /** Loads the named keys (through the hierarchy) for sync reads; a key that exists nowhere is not an error. */
  preload(keys: readonly string[]): Promise<void>
  /** A subtree as a nested object; fallback levels merged under the service's own. Secrets are `Secret`s. */
  getTree(path?: string): Promise<ConfigTree>
  /** A subtree validated by a Standard Schema validator; secrets handed back as `Secret`s. */
  getTree<T extends StandardSchemaV1>(path: string, schema: T): Promise<StandardSchemaV1.InferOutput<T>>
  load(): Promise<Loaded<S>>
  load<T extends StandardSchemaV1>(schema: T): Promise<StandardSchemaV1.InferOutput<T>>
  /** Re-reads one key (or everything cached); a failure keeps the last good value and emits `error`. */
  refresh(key?: string): Promise<RefreshEvent>
  invalidate(key?: string): void
  /**
   * Runs `fn` with the secret; when it fails with an authentication error (by `isAuthError`), reloads
   * the secret once and runs `fn` once more, so a rotated password recovers without a restart.
   */
  withFreshSecret<T>(
    key: string,
    fn: (secret: Secret<string>) => Promise<T>,
    options?: FreshSecretOptions,
  ): Promise<T>
  on<K extends keyof ConfigEvents>(event: K, listener: (event: ConfigEvents[K]) => void): () => void
  stats(): ConfigStats
  close(): Promise<void>
}

export function createConfig<S extends StandardSchemaV1 | undefined = undefined>(
  options: ConfigOptions<S>,
): ConfigClient<S> {
  rejectUnknownOptions(options, configOptionNames, 'createConfig options')
  rejectUnknownOptions(options.snapshot, snapshotOptionNames, 'createConfig({ snapshot })')
  const { backend } = options
  const resolver = new KeyResolver({
    prefix: defaultPrefix(options),
    fallbacks: options.fallbacks ?? [],
    variables: { ...options.variables, env: options.env, service: options.service },
    checkName: backend?.checkName?.bind(backend),
  })
  const timeouts = { ...timeoutDefaults, ...stripUndefined(options.timeouts ?? {}) }
  const emitter = new Emitter<ConfigEvents>()
  const counts: ConfigCounts = {
    calls: { get: 0, getMany: 0, list: 0 },
    throttles: 0,
    changes: 0,
    circuit: { open: 0, 'half-open': 0, closed: 0 },
  }
  // Reads go through spans and the latency histogram; `backend` itself keeps its name and close().
  const reads = instrumentBackend(backend, counts)
  let sync: SyncReads | undefined
  const cache = new EncryptedCache(
    { namespace: `paramkit:${backend.name}`, ...options.cache },
    {
      change: (name, previousVersion, version) => {
        if (version === undefined || slotKeyOf(name).kind === 'listing') return
        counts.changes++
        emitter.emit('change', { name, previousVersion, version })
      },
      loadError: (key, error) => {
        sync?.failed(key, error)
        emitter.emit('error', { key, error: asError(error) })
      },
    },
    timeouts.staleMs,
  )
  // One call policy owns every backend call; its rate, circuit and retry budget are shared by every
  // client of the backend object the app passed (not of the instrumented wrapper).
  const policy = new CallPolicy(
    backend.name,
    sharedParts(backend, options.retry, options.circuit, options.concurrency),
    timeouts.callMs,
    options.retry,
  )
  const batcher = new Batcher(
    reads,
    policy,
    { withDecryption: options.withDecryption ?? true },
    timeouts.readMs,
  )
  const bounds = new ReadBounds(backend.name)
  const pipeline = new ReadPipeline(resolver, cache, batcher, backend.name)
  const trees = new TreeReader(
    reads,
    cache,
    (name) => pipeline.read(slotKeyOf(name) as NameKey),
    options.withDecryption ?? true,
    // With a snapshot, a failed listing starts from it at once instead of trying again.
    new Lister(policy, timeouts.loadMs, !options.snapshot),
  )
  sync = new SyncReads({
    resolver,
    cache,
    pipeline,
    batcher,
    backendName: backend.name,
    reloadListing: (key) => void trees.refreshListing(key),
    closed: () => closed,
  })
  const syncReads = sync
  const snapshots = options.snapshot
    ? new SnapshotKeeper(
        options.snapshot,
        cache.options.keyProvider,
        { namespace: cache.options.namespace, backend: backend.name, prefix: resolver.prefix },
        cache.options.cipher,
        trees,
        emitter,
        () => cache.options.clock.now(),
        { refresh: refreshName, random: cache.options.random, batchSize: backend.capabilities.batchSize },
      )
    : undefined
  const unobserve = observeConfig(backend.name, () => cache.stats(), counts)
  let closed = false
  let timer: NodeJS.Timeout | undefined
  const offFailover = backend.onFailover?.((event) => emitter.emit('failover', event))
  const offCircuit = policy.parts.circuit.onChange((state) => {
    counts.circuit[state]++
    const cause = state === 'open' ? policy.parts.circuit.lastFailure : undefined
    emitter.emit('circuit', { backend: backend.name, state, ...(cause ? { cause: asError(cause) } : {}) })
  })

  function assertOpen(key: string): void {
    if (closed)
      throw new ClosedError(`Config client is closed; cannot read "${key}"`, {
        key,
        backend: backend.name,
        operation: 'get',
      })
  }

  /** A read that may wait on the backend: settles within `readMs` (or `loadMs`), and fails at once on close(). */
  function bounded<T>(
    key: string,
    work: Promise<T>,
    budget: 'readMs' | 'loadMs' = 'readMs',
    what?: string,
  ): Promise<T> {
    return bounds.bound(work, key, budget === 'readMs' ? 'get' : 'load', budget, timeouts[budget], what)
  }

  async function getEntry(key: string): Promise<Entry> {
    assertOpen(key)
    return pipeline.entry(key)
  }

  /** A Secret sealed under the cache's key provider: the plaintext is garbage once this returns. */
  function sealSecret(entry: Entry): Promise<Secret<string>> {
    return sealText(entryText(entry))
  }

  function sealText(text: string): Promise<Secret<string>> {
    return Secret.seal(text, cache.options.keyProvider)
  }

  function refreshName(input: string): Promise<boolean> {
    const key = slotKeyOf(input)
    return key.kind === 'listing' ? trees.refreshListing(key) : pipeline.refresh(key)
  }

  function reportRefresh(names: string[], failed: number): RefreshEvent {
    const event = { names, failed }
    emitter.emit('refresh', event)
    return event
  }

  const client: ConfigClient<S> = {
    backendName: backend.name,
    prefix: resolver.prefix,
    get(key) {
      const hot = closed ? MISS : pipeline.hotText(key)
      if (hot !== MISS) return Promise.resolve(hot)
      return bounded(key, getEntry(key)).then((entry) =>
        entryText(refuseSecret(entry, key, 'get', backend.name)),
      )
    },
    async getOptional(key) {
      const hot = closed ? MISS : pipeline.hotText(key)
      if (hot !== MISS) return hot
      try {
        const entry = await bounded(key, getEntry(key))
        return entryText(refuseSecret(entry, key, 'getOptional', backend.name))
      } catch (error) {
        if (NotFoundError.is(error)) return undefined
        throw error
      }
    },
    getSecret(key) {
      // One Secret per cached version of a key, shared by whoever holds it (Secrets are immutable): a hot
      // read neither opens nor seals. A full read shares it only when the version it read is the one cached.
      const hot = closed ? MISS : pipeline.hotShared(key, sealText)
      if (hot !== MISS) return hot
      return bounded(key, getEntry(key)).then((entry) => {
        const shared = closed ? MISS : pipeline.hotShared(key, sealText, entry)
        return shared === MISS ? sealSecret(entry) : shared
      })
    },
    getJSON: async <T>(key: string) =>
      entryJSON<T>(refuseSecret(await bounded(key, getEntry(key)), key, 'getJSON', backend.name), key),
    getList: async (key) =>
      entryList(refuseSecret(await bounded(key, getEntry(key)), key, 'getList', backend.name)),
    getEntry: async (key) => sealedEntry(await bounded(key, getEntry(key)), sealSecret),
    getSync: (key) => syncReads.text(key, false)!,
    getOptionalSync: (key) => syncReads.text(key, true),
    getSecretSync: (key) => syncReads.secret(key),
    async preload(keys) {
      assertOpen(keys[0] ?? '')
      for (const key of keys) resolver.resolve(key) // every key checked before the first call
      const found = (key: string) =>
        getEntry(key).catch((error: unknown) => (NotFoundError.is(error) ? undefined : Promise.reject(error)))
      const more = keys.length > 1 ? ` and ${keys.length - 1} more` : ''
      const booted = snapshots ? snapshots.bootOnce() : Promise.resolve(false)
      const all = booted.then(() => Promise.all(keys.map(found)))
      await bounded(keys[0] ?? '', all, 'readMs', `"${String(keys[0])}"${more}`)
    },
    async getMany<K extends string>(keys: readonly K[]) {
      assertOpen(keys[0] ?? '')
      const all = pipeline.many(keys)
      const more = keys.length > 1 ? ` and ${keys.length - 1} more` : ''
      const entries = await bounded(keys[0] ?? '', all, 'readMs', `"${String(keys[0])}"${more}`)
      const texts = keys.map((key, i) => entryText(refuseSecret(entries[i]!, key, 'getMany', backend.name)))
      return Object.fromEntries(keys.map((key, i) => [key, texts[i]])) as Record<K, string>
    },
    async getTree(path = '', schema?: StandardSchemaV1) {
      assertOpen(path)
      const paths = resolver.resolvePath(path)
      const tree = schema
        ? trees.validate(paths, schema, backend.name, path !== '')
        : trees.read(paths, path !== '')
      return bounded(path || '/', tree, 'loadMs')
    },
    async load(schema?: StandardSchemaV1) {
      assertOpen('/')
      const chosen = schema ?? options.schema
      const paths = resolver.resolvePath('')
      const run = () => (chosen ? trees.validate(paths, chosen, backend.name) : trees.read(paths))
      return bounded('/', snapshots ? snapshots.load(paths, run) : run(), 'loadMs')
    },
    async refresh(key) {
      const failures = async (keys: string[]) =>
        (await Promise.all(keys.map(refreshName))).filter((ok) => !ok).length
      if (key !== undefined) {
        const names = resolver.resolve(key).candidates
        return reportRefresh(names, await failures(names))
      }
      // Listings first: one page reloads every value under a level, so those are not loaded again one by one.
      const held = cache.keys()
      const listings = held.map((k) => slotKeyOf(k)).filter((k) => k.kind === 'listing')
      const listingFailures = await failures(listings.map((l) => l.slot))
      const covered = new Set((await Promise.all(listings.map((l) => pipeline.namesIn(l)))).flat())
      const rest = held.filter((n) => slotKeyOf(n).kind === 'name' && !covered.has(n))
      const names = [...listings.map((l) => l.slot), ...rest, ...covered]
      return reportRefresh(names, listingFailures + (await failures(rest)))
    },
    invalidate(key) {
      if (key === undefined) cache.invalidate()
      else for (const { slot } of resolver.resolve(key).keys) cache.invalidate(slot)
    },
    async withFreshSecret(key, fn, fresh = {}) {
      const isAuthError = fresh.isAuthError ?? isAuthenticationError
      const secret = await sealSecret(await bounded(key, getEntry(key)))
      try {
        return await fn(secret)
      } catch (error) {
        if (!isAuthError(error)) throw error
        await client.refresh(key)
        return fn(await sealSecret(await bounded(key, getEntry(key))))
      }
    },
    on: (event, listener) => emitter.on(event, listener),
    stats: () => ({
      ...cache.stats(),
      backend: backend.name,
      backendCalls: policy.calls,
      policy: {
        circuit: policy.parts.circuit.state,
        circuitOpens: policy.parts.circuit.opened,
        rate: Number.isFinite(policy.parts.rate.current) ? policy.parts.rate.current : null,
        retriesLeft: policy.parts.budget.left,
      },
      keys: cache.options.keyProvider.stats(),
      ...(snapshots ? { snapshot: snapshots.stats() } : {}),
      ...(backend.failoverStats ? { failover: backend.failoverStats() } : {}),
    }),
    async close() {
      if (closed) return
      closed = true
      syncReads.close()
      if (timer) clearInterval(timer)
      policy.close()
      bounds.close()
      offCircuit()
      offFailover?.()
      await snapshots?.close() // a pending snapshot write, bounded, while the cache can still be read
      cache.close()
      ;(await unobserve)()
      await cache.options.keyProvider.close()
      await backend.close?.()
      emitter.clear()
    },
  } as ConfigClient<S>

  attachChangeFeed(client, {
    backendName: backend.name,
    keys: () => cache.keys(),
    refresh: refreshName,
    forget: (key) => cache.prime(key, undefined),
    report: reportRefresh,
    reportError: (error) => emitter.emit('error', { key: undefined, error }),
    closed: () => closed,
  })

  if (options.refreshAhead && options.refreshAhead > 0) {
    timer = setInterval(() => void client.refresh(), options.refreshAhead)
    timer.unref()
  }
  return client
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error))
}
