import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { KeyProvider } from '../../src/backend-entry.js'
import { type ConfigEvents, createConfig, localKeyProvider } from '../../src/index.js'
import { type StubBackend, stubBackend } from './stub-backend.js'

const dir = mkdtempSync(join(tmpdir(), 'paramkit-warm-boot-'))
let n = 0

export const masterKey = globalThis.crypto.getRandomValues(new Uint8Array(32))
export const snapshotPath = () => join(dir, `boot${++n}.json`)

/** The service's parameters: a plain value, a SecureString and a fallback level. */
export const seed = {
  '/prod/api/db/host': 'db.internal',
  '/prod/api/db/password': 'W4rm-b00t-pw',
  '/prod/api/log_level': 'info',
  '/shared/region': 'eu-west-1',
}

/** `count` plain keys under /prod/api/k/, for spreading tests. */
export function manyKeys(count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`/prod/api/k/key${i}`, `v${i}`]))
}

/** Backend calls of every kind the stub has answered so far. */
export const callsOf = (backend: StubBackend) =>
  backend.calls.get + backend.calls.getMany + backend.calls.list

interface ClientOptions {
  env?: string
  service?: string
  keyProvider?: KeyProvider
  snapshot?: {
    warmBoot?: boolean
    revalidateMs?: number
    maxAge?: number
    write?: boolean
    writeDebounceMs?: number
  }
}

/** A client over `backend` keeping a snapshot at `path`, recording its error, snapshot and refresh events. */
export function client(path: string, backend: StubBackend, options: ClientOptions = {}) {
  const config = createConfig({
    backend,
    env: options.env ?? 'prod',
    service: options.service ?? 'api',
    fallbacks: ['/shared'],
    snapshot: { path, ...options.snapshot },
    // A long TTL, so the tests see revalidation, not expiry.
    cache: { keyProvider: options.keyProvider ?? localKeyProvider({ masterKey }), ttl: 600_000 },
  })
  const errors: Error[] = []
  const snapshots: ConfigEvents['snapshot'][] = []
  const refreshes: ConfigEvents['refresh'][] = []
  config.on('error', (e) => errors.push(e.error))
  config.on('snapshot', (e) => snapshots.push(e))
  config.on('refresh', (e) => refreshes.push(e))
  return { config, errors, snapshots, refreshes }
}

/** Writes the service's snapshot by one full load from a backend holding `values`. */
export async function writeSnapshotFrom(
  path: string,
  values: Record<string, string> = seed,
  options: ClientOptions = {},
): Promise<void> {
  const { config } = client(path, stubBackend(values), options)
  await config.load()
  await config.close()
}

/** A client that boots warm from `path`, over a fresh backend holding `values`. */
export function warmClient(path: string, values: Record<string, string> = seed, options: ClientOptions = {}) {
  const backend = stubBackend(values)
  return {
    backend,
    ...client(path, backend, { ...options, snapshot: { warmBoot: true, ...options.snapshot } }),
  }
}

/** Waits, on real time between I/O callbacks, until `done()` holds, at most `ms`. */
export async function until(done: () => boolean, ms = 2_000): Promise<void> {
  const deadline = performance.now() + ms
  while (!done() && performance.now() < deadline) await new Promise((resolve) => setImmediate(resolve))
}
