import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { countCalls, motoClientConfig } from '@paramkit/test-support/moto/clients'

/** A real Secrets Manager client on moto that counts commands sent, by name. */
export function countingClient() {
  const client = new SecretsManagerClient(motoClientConfig())
  return { client, ...countCalls(client) }
}
