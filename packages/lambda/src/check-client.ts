import { ValidationError } from '@paramkit/core'

/** The first argument must be a paramkit client (from `createConfig`), not its options or a backend. */
export function checkClient(config: unknown, where: string): void {
  const client = config as { getSync?: unknown; preload?: unknown; load?: unknown } | null
  if (
    typeof client !== 'object' ||
    client === null ||
    typeof client.getSync !== 'function' ||
    typeof client.preload !== 'function' ||
    typeof client.load !== 'function'
  )
    throw new ValidationError(
      `${where}: argument "config" must be a client made by createConfig() (rule: config-client)`,
      { key: 'config', operation: 'validate', rule: 'config-client' },
    )
}
