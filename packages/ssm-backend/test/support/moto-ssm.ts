import { SSMClient } from '@aws-sdk/client-ssm'
import { countCalls, motoClientConfig } from '@paramkit/test-support/moto/clients'

/** A real SSM client on moto that counts commands sent, by name. */
export function countingClient(extra: Record<string, unknown> = {}) {
  const client = new SSMClient({ ...motoClientConfig(), ...extra })
  return { client, ...countCalls(client) }
}
