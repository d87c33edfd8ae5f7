// The CLI's own AWS plumbing, kept in this one file: the STS client for `doctor` and the
// region lookup. The backends bring their own clients.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'

/** The STS client `doctor` uses: `STSClient`, or anything that sends GetCallerIdentity the same way. */
export type StsClientLike = Pick<STSClient, 'send'>

export interface CallerIdentity {
  account: string
  arn: string
}

/** Who the credentials belong to: STS GetCallerIdentity, which needs no permission at all. */
export async function callerIdentity(client: StsClientLike): Promise<CallerIdentity> {
  const answer = await client.send(new GetCallerIdentityCommand({}))
  return { account: answer.Account ?? '', arn: answer.Arn ?? '' }
}

/** An STS client in the CLI's region (the SDK's default credential chain and endpoint settings apply). */
export function stsClient(region: string | undefined): STSClient {
  return new STSClient({ ...(region ? { region } : {}), maxAttempts: 2 })
}

/** The region the SDK would use: the given one, else its own lookup (profile, IMDS); undefined when none. */
export async function sdkRegion(region: string | undefined): Promise<string | undefined> {
  if (region) return region
  const probe = new STSClient({})
  try {
    return await probe.config.region()
  } catch {
    return undefined
  } finally {
    probe.destroy()
  }
}
