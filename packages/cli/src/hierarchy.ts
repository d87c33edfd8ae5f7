import { checkParameterName, validatePath } from '@paramkit/aws'
import { expandTemplate, KeyResolver } from '@paramkit/core/backend'

export interface HierarchyOptions {
  env?: string | undefined
  service?: string | undefined
  /** Template of the service's level; default `/{env}/{service}` when both are known, else none. */
  prefix?: string | undefined
  fallbacks?: readonly string[]
}

/** One place to list under: `path` in the hierarchy `level` (`''` when the path was absolute). */
export interface LevelPath {
  level: string
  path: string
}

/**
 * The key hierarchy exactly as `createConfig` builds it (same templates, same defaults, same
 * name checks), plus what the CLI needs on top: the levels themselves, and keys relative to them.
 */
export class Hierarchy {
  readonly template: string
  readonly fallbackTemplates: readonly string[]
  readonly resolver: KeyResolver
  /** The service's level, then each fallback, expanded; `''` means keys are absolute. */
  readonly levels: readonly string[]

  constructor(readonly options: HierarchyOptions) {
    this.template =
      options.prefix ?? (options.env !== undefined && options.service !== undefined ? '/{env}/{service}' : '')
    this.fallbackTemplates = options.fallbacks ?? []
    const variables = { env: options.env, service: options.service }
    // Parameter Store's rules whatever the backend, so a bad name is a usage error before any call.
    this.resolver = new KeyResolver({
      prefix: this.template,
      fallbacks: this.fallbackTemplates,
      variables,
      checkName: checkParameterName,
    })
    const levels = [this.template, ...this.fallbackTemplates].map((t) => expandTemplate(t, variables))
    this.levels = [...new Set(levels)].filter((l, i) => l !== '' || i === 0)
  }

  /** The same hierarchy for another environment (what `diff` compares). */
  forEnv(env: string): Hierarchy {
    return new Hierarchy({ ...this.options, env })
  }

  /** Where to list `path`: under every level for a relative path, as it is for an absolute one. */
  pathsFor(path = ''): LevelPath[] {
    if (path.startsWith('/')) return [{ level: '', path: validatePath(trimSlash(path) || '/') }]
    const relative = trimSlash(path)
    return this.levels.map((level) => {
      const root = level === '/' ? '' : level
      const full = relative === '' ? root || '/' : `${root}/${relative}`
      return { level: root, path: validatePath(full) }
    })
  }

  /** The level that holds a full name, most specific first. */
  levelOf(name: string): string | undefined {
    return this.levels.find((level) => level !== '' && name.startsWith(`${level === '/' ? '' : level}/`))
  }
}

/** A full name relative to its level: `/prod/api/database/host` under `/prod/api` is `database/host`. */
export function keyUnder(level: string, name: string): string {
  return level === '' || level === '/' ? name : name.slice(level.length + 1)
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path
}
