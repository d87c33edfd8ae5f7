import { SSMClient } from '@aws-sdk/client-ssm'
import { motoClientConfig } from '../../../../scripts/moto/clients.js'

/** A real SSM client on moto that counts commands sent, by name (SDK middleware, once per call). */
export function countingClient(extra: Record<string, unknown> = {}) {
  const client = new SSMClient({ ...motoClientConfig(), ...extra })
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
