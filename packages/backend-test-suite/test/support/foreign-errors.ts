import { isParamkitError } from '@paramkit/core'
import type { Backend, ListPage } from '@paramkit/core/backend'
import { memoryBackend } from '@paramkit/memory-backend'

// The brand every copy of @paramkit/core puts on its errors (Symbol.for, so shared across copies).
const BRAND = Symbol.for('@paramkit/core/error')

/** An error as a second copy of core makes it: branded, with a code, but no class of this copy. */
export class ForeignCopyError extends Error {
  constructor(
    readonly code: string | undefined,
    message: string,
    readonly key?: string,
  ) {
    super(message)
    Object.defineProperty(this, BRAND, { value: true })
  }
}

/** Rethrows this copy's paramkit errors as `convert` makes them. */
function translating<T>(
  call: () => Promise<T>,
  convert: (error: { code: string; message: string; key?: string }) => Error,
) {
  return call().catch((error: unknown) => {
    throw isParamkitError(error) ? convert(error) : error
  })
}

/**
 * A memory backend whose errors come from "another copy of core": `convert` turns each of this copy's
 * errors into the one it throws instead.
 */
export function backendWithErrors(
  name: string,
  convert: (error: { code: string; message: string; key?: string }) => Error,
): () => Backend {
  return () => {
    const store = memoryBackend()
    return {
      name,
      capabilities: store.capabilities,
      get: (key, options) => translating(() => store.get(key, options), convert),
      getMany: (keys, options) => translating(() => store.getMany(keys, options), convert),
      async *list(path, options): AsyncIterable<ListPage> {
        try {
          yield* store.list(path, options)
        } catch (error) {
          throw isParamkitError(error) ? convert(error) : error
        }
      },
      put: (key, value, options) => translating(() => store.put(key, value, options), convert),
      delete: (key) => translating(() => store.delete(key), convert),
      label: (key, version, labels) => translating(() => store.label(key, version, labels), convert),
    }
  }
}

/** Errors of a correct backend built against a second copy of core. */
export const foreignCopyBackend = backendWithErrors(
  'second core copy',
  (e) => new ForeignCopyError(e.code, e.message, e.key),
)

/** A buggy backend: branded errors without their code. */
export const codelessErrorBackend = backendWithErrors(
  'codeless errors',
  (e) => new ForeignCopyError(undefined, e.message, e.key),
)

/** A buggy backend: errors with the right code but no paramkit brand (e.g. a hand-made `{ code }` error). */
export const unbrandedErrorBackend = backendWithErrors('unbranded errors', (e) =>
  Object.assign(new Error(e.message), { code: e.code, key: e.key }),
)
