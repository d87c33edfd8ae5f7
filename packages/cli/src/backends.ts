import { isAbsolute, resolve } from 'node:path'
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import type { SSMClient } from '@aws-sdk/client-ssm'
import { routeBackends, selectBackend } from '@paramkit/core'
import type { Backend } from '@paramkit/core/backend'
import type { AwsClient } from './aws.js'
import { UsageError } from './errors.js'
import type { Hierarchy } from './hierarchy.js'
import { loadPeers, type PeerName } from './optional.js'

/** SDK clients a caller (a test, an embedding tool) hands in; otherwise the backends make their own. */
export interface InjectedClients {
  /** An SSMClient from @aws-sdk/client-ssm. */
  ssm?: AwsClient
  /** A SecretsManagerClient from @aws-sdk/client-secrets-manager. */
  secretsManager?: AwsClient
  /** A KMSClient from @aws-sdk/client-kms, for `pull --snapshot --kms-key-id`. */
  kms?: AwsClient
}

export const BACKEND_NAMES = ['ssm', 'secrets-manager', 'routed', 'memory:FILE'] as const

export type BackendChoice = { kind: 'ssm' | 'secrets-manager' | 'routed' } | { kind: 'memory'; file: string }

/** `--backend` / `PARAMKIT_BACKEND` text to a choice; anything else is a usage error. */
export function parseBackend(text: string, cwd: string): BackendChoice {
  if (text === 'ssm' || text === 'secrets-manager' || text === 'routed') return { kind: text }
  if (text.startsWith('memory:') && text.length > 'memory:'.length) {
    const file = text.slice('memory:'.length)
    return { kind: 'memory', file: isAbsolute(file) ? file : resolve(cwd, file) }
  }
  const hint = `use one of: ${BACKEND_NAMES.join(', ')}`
  if (text === 'memory') throw new UsageError('the memory backend needs a fixture file: memory:FILE', hint)
  throw new UsageError(`unknown backend "${text}" (--backend or PARAMKIT_BACKEND)`, hint)
}

export interface OpenOptions {
  region?: string | undefined
  clients?: InjectedClients
  /** Keys or paths that live in Secrets Manager when routed; everything else is in Parameter Store. */
  routeSecrets: readonly string[]
  hierarchy: Hierarchy
}

/** The optional peers each AWS backend needs: `routed` joins both. */
export function backendPeers(kind: 'ssm' | 'secrets-manager' | 'routed'): PeerName[] {
  const ssm = '@paramkit/ssm-backend'
  const secrets = '@paramkit/secrets-manager-backend'
  return kind === 'ssm' ? [ssm] : kind === 'secrets-manager' ? [secrets] : [ssm, secrets]
}

/**
 * Opens the chosen backend through `selectBackend`, so only its package (and so its AWS SDK) is
 * loaded. The AWS backends are optional peers: one that is not installed is named, with its install
 * command, before anything else runs. `routed` joins both with `routeBackends`, as
 * examples/routed-order-api does.
 */
export async function openBackend(choice: BackendChoice, options: OpenOptions): Promise<Backend> {
  const clientConfig = options.region ? { region: options.region } : {}
  const peers = (kind: 'ssm' | 'secrets-manager' | 'routed') =>
    loadPeers(backendPeers(kind), `--backend ${kind}`)
  const ssm = async () => {
    const { ssmBackend } = (await peers('ssm'))['@paramkit/ssm-backend']
    const client = options.clients?.ssm as SSMClient | undefined
    return ssmBackend(client ? { client } : { clientConfig })
  }
  const secrets = async () => {
    const { secretsManagerBackend } = (await peers('secrets-manager'))['@paramkit/secrets-manager-backend']
    const client = options.clients?.secretsManager as SecretsManagerClient | undefined
    return secretsManagerBackend(client ? { client } : { clientConfig })
  }
  return selectBackend({
    use: choice.kind,
    backends: {
      ssm,
      'secrets-manager': secrets,
      routed: async () => {
        const owned = secretNames(options.routeSecrets, options.hierarchy)
        await peers('routed') // both named at once when both are missing
        const sm = await secrets()
        return routeBackends([...owned.map((prefix) => ({ prefix, backend: sm })), { backend: await ssm() }])
      },
      memory: async () => {
        const { memoryBackend } = await import('@paramkit/memory-backend')
        return memoryBackend.fromFile((choice as { file: string }).file)
      },
    },
  })
}

/** `--route-secrets database/password` names that key under every level; an absolute one names itself. */
export function secretNames(keys: readonly string[], hierarchy: Hierarchy): string[] {
  if (keys.length === 0) {
    throw new UsageError(
      '--backend routed needs at least one --route-secrets KEY (the keys kept in Secrets Manager)',
      'e.g. --route-secrets database/password --route-secrets stripe/api_key',
    )
  }
  return [...new Set(keys.flatMap((key) => hierarchy.pathsFor(key).map((p) => p.path)))]
}
