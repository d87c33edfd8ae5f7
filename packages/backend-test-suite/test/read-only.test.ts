import { backendConformanceSuite } from '@paramkit/backend-test-suite'
import type { Backend } from '@paramkit/core/backend'
import { minimalCapabilities } from '@paramkit/core/testing'
import { type MemoryBackend, memoryBackend } from '@paramkit/memory-backend'

const stores = new WeakMap<Backend, MemoryBackend>()

/** A read-only view over a memory backend: the suite must seed it through options.seed. */
function readOnly(): Backend {
  const store = memoryBackend()
  const view: Backend = {
    name: 'read-only',
    capabilities: { ...minimalCapabilities, types: ['String', 'SecureString'] },
    get: (name, options) => store.get(name, options),
    getMany: (names, options) => store.getMany(names, options),
    list: (path, options) => store.list(path, options),
  }
  stores.set(view, store)
  return view
}

backendConformanceSuite('read-only', readOnly, {
  async seed(backend, entries) {
    const store = stores.get(backend)!
    for (const e of entries) await store.put(e.name, e.value, { type: e.type, overwrite: true })
  },
})
