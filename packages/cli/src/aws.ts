// The CLI's own AWS plumbing, on @paramkit/aws: the STS client `doctor` uses and the region
// the SDK settles on. The backends bring their own clients. Loaded only by `doctor` on AWS backends
// (optional.ts), as @aws-sdk/client-sts is an optional peer.
import { GetCallerIdentityCommand, STSClient, type STSClientConfig } from '@aws-sdk/client-sts'
import { type LazyClient, lazyClient, sdkCall } from '@paramkit/aws'

/**
 * An AWS SDK v3 client made by the caller (SSMClient, SecretsManagerClient, STSClient), used as it
 * is. Typed by its shape, so the CLI's types need none of the optional AWS packages installed.
 */
export interface AwsClient {
  send(command: never, options?: never): Promise<unknown>
  destroy(): void
}

/** STS errors as paramkit errors: set-up problems (region, credentials, endpoint) carry their fix. */
const call = sdkCall({
  service: 'STS',
  backend: 'sts',
  noun: 'Caller',
  actions: { get: 'sts:GetCallerIdentity' },
})

export interface CallerIdentity {
  account: string
  arn: string
}

/** The caller's STS client if it passed one, else one made on first use in `region`. */
export function stsClient(region: string | undefined, client?: AwsClient): LazyClient<STSClient> {
  return lazyClient((config: STSClientConfig) => new STSClient(config), {
    ...(client ? { client: client as STSClient } : {}),
    clientConfig: region ? { region } : {},
  })
}

/** Who the credentials belong to: STS GetCallerIdentity, which needs no permission at all. */
export async function callerIdentity(sts: LazyClient<STSClient>): Promise<CallerIdentity> {
  const answer = await call('get', undefined, () => sts.get().send(new GetCallerIdentityCommand({})), {
    action: 'sts:GetCallerIdentity',
  })
  return { account: answer.Account ?? '', arn: answer.Arn ?? '' }
}

/** The region the client settles on (flag, environment, profile); undefined when there is none. */
export async function sdkRegion(sts: LazyClient<STSClient>): Promise<string | undefined> {
  try {
    return (await sts.get().config.region()) || undefined
  } catch {
    return undefined
  }
}
