// The CLI's optional peers: installed by whoever needs AWS, imported only by the commands that use them,
// so `@paramkit/cli` installs and runs on memory fixtures without any AWS package.

/** Each optional package and how it is loaded (`@aws-sdk/client-sts` through the CLI's own STS plumbing). */
export const OPTIONAL_PEERS = {
  '@paramkit/ssm-backend': () => import('@paramkit/ssm-backend'),
  '@paramkit/secrets-manager-backend': () => import('@paramkit/secrets-manager-backend'),
  '@paramkit/kms': () => import('@paramkit/kms'),
  '@aws-sdk/client-sts': () => import('./aws.js'),
}

export type PeerName = keyof typeof OPTIONAL_PEERS
type Loaders = { [P in PeerName]: () => Promise<unknown> }
export type Loaded<K extends PeerName> = { [P in K]: Awaited<ReturnType<(typeof OPTIONAL_PEERS)[P]>> }

/** An optional peer a command needs is not installed: a runtime error (exit 1) whose hint installs it. */
export class MissingPackageError extends Error {
  readonly packages: readonly string[]
  readonly hint: string
  constructor(purpose: string, packages: readonly string[], options?: { cause?: unknown }) {
    const names =
      packages.length === 1 ? packages[0] : `${packages.slice(0, -1).join(', ')} and ${packages.at(-1)}`
    super(`${purpose} needs ${names}, which ${packages.length === 1 ? 'is' : 'are'} not installed`, options)
    this.name = 'MissingPackageError'
    this.packages = packages
    this.hint = `npm install ${packages.join(' ')}`
  }
}

/**
 * Whether `error` says that `name` itself cannot be found, from ESM (ERR_MODULE_NOT_FOUND, "Cannot
 * find package 'name'") or CommonJS (MODULE_NOT_FOUND, "Cannot find module 'name'"). A package that is
 * installed but lacks one of its own dependencies names that dependency, and is not reported as missing.
 */
export function isMissing(error: unknown, name: string): boolean {
  const code = (error as { code?: unknown } | undefined)?.code
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false
  return String((error as { message?: unknown }).message).includes(`'${name}'`)
}

/**
 * Imports the named optional peers together. Every one that is not installed is named in a single
 * MissingPackageError (`purpose` says what needs them, e.g. `--backend routed`); other load errors pass through.
 */
export async function loadPeers<K extends PeerName>(
  names: readonly K[],
  purpose: string,
  loaders: Loaders = OPTIONAL_PEERS,
): Promise<Loaded<K>> {
  const results = await Promise.allSettled(names.map((name) => loaders[name]()))
  const missing: string[] = []
  const loaded: Record<string, unknown> = {}
  let firstMissing: unknown
  for (const [i, result] of results.entries()) {
    const name = names[i]!
    if (result.status === 'fulfilled') loaded[name] = result.value
    else if (isMissing(result.reason, name)) {
      missing.push(name)
      firstMissing ??= result.reason
    } else throw result.reason
  }
  if (missing.length > 0) throw new MissingPackageError(purpose, missing, { cause: firstMissing })
  return loaded as Loaded<K>
}
