import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { motoClientConfig } from '../../../../scripts/moto/clients.js'

/** A real Secrets Manager client on moto that counts commands sent, by name. */
export function countingClient() {
  const client = new SecretsManagerClient(motoClientConfig())
  const calls: Record<string, number> = {}
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown'
      calls[name] = (calls[name] ?? 0) + 1
      return next(args)
    },
    { step: 'initialize', name: 'paramkitCallCounter' },
  )
  return { client, calls, total: () => Object.values(calls).reduce((a, b) => a + b, 0) }
}
