import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type MemoryBackend, memoryBackend } from '@paramkit/memory-backend'
import type { KeyProvider } from '../../src/backend-entry.js'
import { createConfig, localKeyProvider } from '../../src/index.js'

const dir = mkdtempSync(join(tmpdir(), 'paramkit-snapshot-writes-'))
let n = 0

export const masterKey = globalThis.crypto.getRandomValues(new Uint8Array(32))

export const seed = {
  '/prod/api/db/host': 'db.internal',
  '/prod/api/db/password': { type: 'SecureString' as const, value: 'Wr1te-0nce' },
}

/** A fresh snapshot path in the test directory. */
export const snapshotPath = () => join(dir, `w${++n}.json`)

/** Wraps a key provider and counts the calls made to each of its methods. */
export function countingProvider(inner: KeyProvider): {
  provider: KeyProvider
  calls: Record<string, number>
} {
  const calls: Record<string, number> = {}
  const provider = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        calls[String(prop)] = (calls[String(prop)] ?? 0) + 1
        return value.apply(target, args)
      }
    },
  })
  return { provider, calls }
}

/** A client over the memory backend with a sealed snapshot, counting key-provider calls and errors. */
export function snapshotClient(
  options: { path?: string; writeDebounceMs?: number; backend?: MemoryBackend } = {},
) {
  const path = options.path ?? snapshotPath()
  const backend = options.backend ?? memoryBackend({ seed })
  const { provider, calls } = countingProvider(localKeyProvider({ masterKey }))
  const config = createConfig({
    backend,
    env: 'prod',
    service: 'api',
    snapshot: {
      path,
      ...(options.writeDebounceMs === undefined ? {} : { writeDebounceMs: options.writeDebounceMs }),
    },
    cache: { keyProvider: provider },
  })
  const errors: Error[] = []
  config.on('error', (e) => errors.push(e.error))
  const writes = () => config.stats().snapshot!.writes
  return { path, backend, config, calls, errors, writes }
}

/** Waits (on real time, polling between I/O callbacks) until `done()` holds, at most `ms`. */
export async function until(done: () => boolean, ms = 2_000): Promise<void> {
  const deadline = performance.now() + ms
  while (!done() && performance.now() < deadline) await new Promise((resolve) => setImmediate(resolve))
}
