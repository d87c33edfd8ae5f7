import { memoryBackend } from '@paramkit/memory-backend'
import { NAMES, PREFIX } from './names.mjs'

/** The store behind the fake SSM client: one value per name the handler reads. */
export async function seededStore() {
  const store = memoryBackend()
  for (const name of NAMES)
    await store.put(`${PREFIX}/${name}`, name === 'feature/v2' ? 'true' : `value-${name}`)
  return store
}
