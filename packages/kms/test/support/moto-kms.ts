import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import { countCalls, motoClientConfig } from '@paramkit/test-support/moto/clients'

/** A KMS client on moto counting commands, and a fresh symmetric key. */
export async function motoKms() {
  const client = new KMSClient(motoClientConfig())
  const { calls } = countCalls(client)
  const created = await client.send(new CreateKeyCommand({ Description: 'paramkit test key' }))
  return { client, calls, keyId: created.KeyMetadata!.KeyId! }
}
