import {
  type ConfigClient,
  isParamkitError,
  NotFoundError,
  Secret,
  type StandardSchemaV1,
} from '@paramkit/core'
import { hierarchyKey, splitHead } from './dotted-path.js'
import { type KeyReader, liveNamespace } from './live-namespace.js'

type Client = ConfigClient<StandardSchemaV1 | undefined>

/** What the live ConfigService reads through, made once the configuration is loaded. */
export interface LiveParts {
  read: KeyReader
  /** The shape of the loaded tree, for `get` of a level (`get('database')`). */
  tree: Record<string, unknown>
  /** `registerAs` namespaces by token, each a live view. */
  namespaces: ReadonlyMap<string, Record<string, unknown>>
}

/** Reads a key synchronously from the cache: a `Secret` for a secret, text otherwise, undefined when missing. */
export function keyReader(client: Client, secretKeys: ReadonlySet<string>): KeyReader {
  return (key) => {
    if (!secretKeys.has(key)) return client.getOptionalSync(key)
    try {
      return client.getSecretSync(key)
    } catch (error) {
      if (NotFoundError.is(error)) return undefined
      throw error
    }
  }
}

/** The relative keys of the tree's secrets (`database/password`), so they are read as `Secret`s. */
export function secretKeysOf(tree: Record<string, unknown>, path = ''): Set<string> {
  const keys = new Set<string>()
  for (const [name, value] of Object.entries(tree)) {
    const key = path ? `${path}/${name}` : name
    if (Secret.is(value)) keys.add(key)
    else if (typeof value === 'object' && value !== null)
      for (const k of secretKeysOf(value as Record<string, unknown>, key)) keys.add(k)
  }
  return keys
}

/** A path parsed once: its first level, the rest, and its key. */
interface ParsedPath {
  head: string
  rest: string[]
  key: string
}
/** Most paths remembered parsed (an app reads a fixed set). */
const MAX_PATHS = 10_000

function walk(at: unknown, name: string): unknown {
  return (at as Record<string, unknown> | undefined)?.[name]
}

const isGetOptions = (value: unknown) =>
  typeof value === 'object' && value !== null && !Secret.is(value) && 'infer' in value

/**
 * An instance of `@nestjs/config`'s `ConfigService` class (so it is injected by that class token and typed by
 * it: `ConfigService<Env, true>`, `get(path, { infer: true })`) whose reads go to paramkit's cache on every
 * call: values follow refreshes and change events, secrets are `Secret`s, and `process.env` is never read.
 */
export function liveConfigService(
  Base: new (internalConfig?: Record<string, unknown>) => object,
  parts: LiveParts,
): object {
  const parsed = new Map<string, ParsedPath>()
  const read = (path: string): unknown => {
    let p = parsed.get(path)
    if (p === undefined) {
      if (parsed.size >= MAX_PATHS) parsed.clear()
      const [head, rest] = splitHead(path)
      p = { head, rest, key: hierarchyKey(path) }
      parsed.set(path, p)
    }
    const { head, rest, key } = p
    const namespace = parts.namespaces.get(head)
    // A namespace's own properties are typed as its factory's; anything else under it is read as a key.
    const inNamespace = namespace && rest.reduce<unknown>(walk, namespace)
    if (inNamespace !== undefined) return inNamespace
    let value: unknown
    try {
      value = parts.read(key)
    } catch (error) {
      // A path no parameter can have (say `my key`) is missing, as it is for @nestjs/config.
      if (!(isParamkitError(error) && error.code === 'VALIDATION')) throw error
    }
    if (value !== undefined) return value
    const level = key.split('/').reduce<unknown>(walk, parts.tree)
    const isLevel = typeof level === 'object' && level !== null && !Secret.is(level)
    return isLevel ? liveNamespace(key, level, parts.read) : undefined
  }

  class ParamkitConfigService extends Base {
    get(path: string | symbol, defaultOrOptions?: unknown): unknown {
      const value = read(String(path))
      return value === undefined && !isGetOptions(defaultOrOptions) ? defaultOrOptions : value
    }

    getOrThrow(path: string | symbol, defaultOrOptions?: unknown): unknown {
      const value = this.get(path, defaultOrOptions)
      if (value !== undefined && !isGetOptions(value)) return value
      throw new NotFoundError(`Configuration key "${String(path)}" does not exist (rule: get-or-throw)`, {
        key: String(path),
        operation: 'get',
      })
    }

    set(path: string | symbol): void {
      throw new TypeError(
        `ConfigService.set("${String(path)}") is not supported by paramkit: values come from the backend; use put and refresh`,
      )
    }
  }
  Object.defineProperty(ParamkitConfigService, 'name', { value: 'ParamkitConfigService' })
  return new ParamkitConfigService()
}
