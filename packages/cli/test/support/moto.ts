import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { SSMClient } from '@aws-sdk/client-ssm'
import { STSClient } from '@aws-sdk/client-sts'
import { countCalls, motoClientConfig } from '@paramkit/test-support/moto/clients'
import type { CliDeps } from '../../src/index.js'

/** Real SDK clients on this project's moto, each counting the commands it sends. */
export function motoClients() {
  const ssm = new SSMClient(motoClientConfig())
  const secretsManager = new SecretsManagerClient(motoClientConfig())
  const sts = new STSClient(motoClientConfig())
  const counters = [countCalls(ssm), countCalls(secretsManager), countCalls(sts)]
  const deps: CliDeps = { clients: { ssm, secretsManager, sts } }
  return {
    deps,
    /** The same clients, with their SDK types. */
    clients: { ssm, secretsManager, sts },
    /** Commands sent since the last reset, by name. */
    calls: () => Object.assign({}, ...counters.map((c) => c.calls)) as Record<string, number>,
    total: () => counters.reduce((sum, c) => sum + c.total(), 0),
    reset: () => {
      for (const c of counters) for (const key of Object.keys(c.calls)) delete c.calls[key]
    },
  }
}

export const WRITES = [
  'PutParameterCommand',
  'CreateSecretCommand',
  'PutSecretValueCommand',
  'TagResourceCommand',
]

export const writeCalls = (calls: Record<string, number>) =>
  WRITES.reduce((n, name) => n + (calls[name] ?? 0), 0)
