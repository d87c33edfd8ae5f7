import type { Backend, BackendCapabilities, Entry, EntryType } from '@paramkit/core/backend'
import type { TestApi } from './test-api.js'

export interface SeedEntry {
  name: string
  value: string | Uint8Array
  type: EntryType
}

export interface ConformanceOptions {
  /** Capabilities to test; default: those of a backend made at collection time (createBackend must then be sync). */
  capabilities?: BackendCapabilities
  /** Level under which every test writes its own sub-level. Default `/conformance`. */
  root?: string
  /** Writes seed entries; default `backend.put` with `overwrite: true`. Needed for read-only backends. */
  seed?: (backend: Backend, entries: readonly SeedEntry[]) => Promise<void>
  /** Runs after each test, e.g. to reset an emulator. */
  reset?: () => Promise<void>
  /** Per-test timeout in ms. Default 30 s. */
  timeout?: number
  /** The runner to register tests with. Default vitest's `describe`, `it`, `expect`, `beforeEach`, `afterEach`. */
  test?: TestApi
  /** The groups to run, e.g. `[readGroup]`. Default `conformanceGroups` (all of them). */
  groups?: readonly ConformanceGroup[]
  /** Registers the backend's own tests inside the suite's describe block, with the suite's context. */
  additionalTests?: (ctx: SuiteContext) => void
}

/** One conformance group: a describe block of tests, and the capabilities it needs. */
export interface ConformanceGroup {
  /** The describe block's title, e.g. `reads` or `list (one level)`. */
  name: string
  /** Why a backend without the capability leaves this group out; undefined when it applies. */
  needs?: (capabilities: BackendCapabilities) => string | undefined
  /** Registers the group's tests with `ctx.test`. */
  register(ctx: SuiteContext): void
}

export type CreateBackend = () => Backend | Promise<Backend>

/** What each test gets: a fresh backend, its own unique level, and seeding. */
export interface SuiteContext {
  /** The runner the suite registers with (options.test or vitest's). */
  test: TestApi
  capabilities: BackendCapabilities
  options: ConformanceOptions
  /** A new backend and a level no other test uses. */
  setup(): Promise<{ backend: Backend; base: string; seed(entries: readonly SeedEntry[]): Promise<void> }>
}

let counter = 0
const runId = Math.random().toString(36).slice(2, 8)

export function makeContext(
  create: CreateBackend,
  capabilities: BackendCapabilities,
  options: ConformanceOptions,
  test: TestApi,
): SuiteContext {
  const root = options.root ?? '/conformance'
  return {
    test,
    capabilities,
    options,
    async setup() {
      const backend = await create()
      counter++
      const base = `${root}/r${runId}/t${counter}`
      const seed = async (entries: readonly SeedEntry[]) => {
        if (options.seed) return options.seed(backend, entries)
        if (!backend.put)
          throw new Error(`backend ${backend.name} cannot write: pass options.seed to the conformance suite`)
        for (const e of entries) await backend.put(e.name, e.value, { type: e.type, overwrite: true })
      }
      return { backend, base, seed }
    },
  }
}

/** Every entry from a list, with the pages seen. */
export async function collect(iterable: AsyncIterable<{ entries: Entry[]; nextToken?: string }>) {
  const pages: Entry[][] = []
  const tokens: (string | undefined)[] = []
  for await (const page of iterable) {
    pages.push(page.entries)
    tokens.push(page.nextToken)
  }
  return { pages, tokens, entries: pages.flat() }
}

/** The type a suite uses for plain values: String where the backend has it, else its first type. */
export function plainType(capabilities: BackendCapabilities): EntryType {
  if (capabilities.types.includes('String')) return 'String'
  return capabilities.types.includes('Secret') ? 'Secret' : capabilities.types[0]!
}
