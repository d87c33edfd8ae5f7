import { isParamkitError, NotFoundError, Secret } from '@paramkit/core'

/** Reads of one key, synchronously (the live ConfigService's read): undefined when it exists nowhere. */
export type KeyReader = (key: string) => unknown

/** A `registerAs` factory, as @nestjs/config makes it: its token and its injection key. */
export interface NamespaceFactory {
  (): unknown
  readonly KEY: string | symbol
  readonly PARTIAL_CONFIGURATION_KEY?: string | symbol
}

export function namespaceToken(factory: NamespaceFactory): string {
  const token = factory.PARTIAL_CONFIGURATION_KEY
  if (typeof token !== 'string')
    throw new TypeError(
      'ParamkitModule `load` takes namespaces made by registerAs(token, factory) with a string token',
    )
  return token
}

/**
 * A namespace (`registerAs('database', () => ({ host: ..., port: 5432 }))`) served by paramkit: an object
 * of the factory's shape whose every property is read from the hierarchy when it is read (`database/host`,
 * `database/port`), so it follows refreshes and change events. A value is converted to the type of the
 * factory's own value (number, boolean); the factory's value stands where paramkit holds none. Secrets
 * are `Secret`s.
 */
export function liveNamespace(token: string, defaults: unknown, read: KeyReader): Record<string, unknown> {
  return liveObject(token, isRecord(defaults) ? defaults : {}, read)
}

function liveObject(
  path: string,
  defaults: Record<string, unknown>,
  read: KeyReader,
): Record<string, unknown> {
  const view: Record<string, unknown> = {}
  for (const [name, fallback] of Object.entries(defaults)) {
    const key = `${path}/${name}`
    if (isRecord(fallback) && !Secret.is(fallback)) {
      const child = liveObject(key, fallback, read)
      Object.defineProperty(view, name, { enumerable: true, get: () => child })
      continue
    }
    Object.defineProperty(view, name, {
      enumerable: true,
      get: () => typed(readOrUndefined(read, key), fallback),
    })
  }
  return Object.freeze(view)
}

function readOrUndefined(read: KeyReader, key: string): unknown {
  try {
    return read(key)
  } catch (error) {
    // An invalid level name (a property no parameter can have) holds nothing; other errors are real.
    if (isParamkitError(error) && (NotFoundError.is(error) || error.code === 'VALIDATION')) return undefined
    throw error
  }
}

/** A text from paramkit as the type of the factory's own value. */
export function typed(value: unknown, fallback: unknown): unknown {
  if (value === undefined) return fallback
  if (typeof value !== 'string') return value
  if (typeof fallback === 'number') {
    const n = Number(value)
    return value.trim() === '' || Number.isNaN(n) ? fallback : n
  }
  if (typeof fallback === 'boolean') return value === 'true' ? true : value === 'false' ? false : fallback
  return value
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
