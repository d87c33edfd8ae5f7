import type { Backend } from './backend.js'
import { ValidationError } from './errors.js'

export type BackendFactory = () => Backend | Promise<Backend>

export interface SelectBackendOptions {
  /** Factories by name. Only the chosen one is called, so the others' SDKs are never imported. */
  backends: Record<string, BackendFactory>
  /** The name to use. Default: `PARAMKIT_BACKEND` from `env`, then `fallback`. */
  use?: string
  /** Used when neither `use` nor `PARAMKIT_BACKEND` is set. Default `memory`. */
  fallback?: string
  /** Where `PARAMKIT_BACKEND` is read. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>
}

/**
 * Picks a backend per environment: `memory` in tests and local dev, `ssm` or
 * `secrets-manager` in staging and prod. Write factories with dynamic `import()` to keep
 * unused AWS SDKs out of the process.
 */
export async function selectBackend(options: SelectBackendOptions): Promise<Backend> {
  const env = options.env ?? process.env
  const choice = options.use ?? (env.PARAMKIT_BACKEND || undefined) ?? options.fallback ?? 'memory'
  const factory = Object.hasOwn(options.backends, choice) ? options.backends[choice] : undefined
  if (!factory) {
    const known = Object.keys(options.backends).join(', ')
    throw new ValidationError(
      `Unknown backend "${choice}" (PARAMKIT_BACKEND); choose one of: ${known} (rule: backend-name)`,
      {
        key: 'PARAMKIT_BACKEND',
        operation: 'resolve',
        rule: 'backend-name',
      },
    )
  }
  return factory()
}
