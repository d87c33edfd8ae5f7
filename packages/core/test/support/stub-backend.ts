import type { Backend, Entry, EntryType, GetManyResult, ListPage } from '../../src/backend-entry.js'
import { NotFoundError } from '../../src/index.js'
import { minimalCapabilities } from '../../src/testing-entry.js'

export interface StubBackend extends Backend {
  /** Calls per operation, for asserting how many backend round trips happened. */
  calls: { get: number; getMany: number; list: number; names: string[][] }
  set(name: string, value: string | Uint8Array, type?: EntryType, extra?: Partial<Entry>): void
  remove(name: string): void
  /** While set, every call rejects with this error. */
  failWith: Error | undefined
  /** Milliseconds every call waits before answering. */
  latency: number
  /** While set, every call that starts never settles, whatever its signal says (a dead connection). */
  hang: boolean
  /** Signals the calls were given, in order. */
  signals: (AbortSignal | undefined)[]
}

/** A small counting in-memory backend for core's tests; the real one is @paramkit/memory-backend. */
export function stubBackend(seed: Record<string, string> = {}, pageSize = 10): StubBackend {
  const data = new Map<string, Entry>()
  const versions = new Map<string, number>()
  const wait = async (signal?: AbortSignal) => {
    backend.signals.push(signal)
    if (backend.hang) await new Promise(() => {})
    if (backend.latency > 0) await new Promise((r) => setTimeout(r, backend.latency))
    if (backend.failWith) throw backend.failWith
  }
  const backend: StubBackend = {
    name: 'stub',
    capabilities: { ...minimalCapabilities, types: ['String', 'StringList', 'SecureString', 'Binary'] },
    calls: { get: 0, getMany: 0, list: 0, names: [] },
    failWith: undefined,
    latency: 0,
    hang: false,
    signals: [],
    set(name, value, type = 'String', extra = {}) {
      const version = (versions.get(name) ?? 0) + 1
      versions.set(name, version)
      data.set(name, {
        name,
        value,
        type,
        version: String(version),
        sensitive: type === 'SecureString',
        ...extra,
      })
    },
    remove(name) {
      data.delete(name)
    },
    async get(name, options) {
      backend.calls.get++
      backend.calls.names.push([name])
      await wait(options?.signal)
      const entry = data.get(name)
      if (!entry)
        throw new NotFoundError(`"${name}" not found`, { key: name, backend: 'stub', operation: 'get' })
      return { ...entry }
    },
    async getMany(names, options): Promise<GetManyResult> {
      backend.calls.getMany++
      backend.calls.names.push([...names])
      await wait(options?.signal)
      const entries = names.flatMap((n) => (data.has(n) ? [{ ...data.get(n)! }] : []))
      return { entries, missing: names.filter((n) => !data.has(n)), invalid: [] }
    },
    async *list(path, options): AsyncIterable<ListPage> {
      const base = path.endsWith('/') ? path : `${path}/`
      const all = [...data.values()].filter(
        (e) =>
          e.name.startsWith(base) &&
          (options?.recursive !== false || !e.name.slice(base.length).includes('/')),
      )
      for (let i = 0; i < all.length || i === 0; i += pageSize) {
        backend.calls.list++
        await wait(options?.signal)
        const entries = all.slice(i, i + pageSize).map((e) => ({ ...e }))
        yield i + pageSize < all.length ? { entries, nextToken: String(i + pageSize) } : { entries }
      }
    },
  }
  for (const [name, value] of Object.entries(seed)) {
    backend.set(name, value, /password|secret|key$/.test(name) ? 'SecureString' : 'String')
  }
  return backend
}

/** A hand-driven clock for TTL tests. */
export function fakeClock(start = 1_000_000) {
  let now = start
  return {
    now: () => now,
    advance(ms: number) {
      now += ms
    },
  }
}
