import { SSMClient } from '@aws-sdk/client-ssm'
import { countCalls, motoClientConfig } from '../../../../scripts/moto/clients.js'

/** A real SSM client on moto that counts commands sent, by name. */
export function countingClient(extra: Record<string, unknown> = {}) {
  const client = new SSMClient({ ...motoClientConfig(), ...extra })
  return { client, ...countCalls(client) }
}
