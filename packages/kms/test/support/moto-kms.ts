import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import { motoClientConfig } from '../../../../scripts/moto/clients.js'

/** A KMS client on moto counting commands, and a fresh symmetric key. */
export async function motoKms() {
  const client = new KMSClient(motoClientConfig())
  const calls: Record<string, number> = {}
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown'
      calls[name] = (calls[name] ?? 0) + 1
      return next(args)
    },
    { step: 'initialize', name: 'paramkitCallCounter' },
  )
  const created = await client.send(new CreateKeyCommand({ Description: 'paramkit test key' }))
  return { client, calls, keyId: created.KeyMetadata!.KeyId! }
}
