import {
  DescribeSecretCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager'
import type { Call } from '@paramkit/aws'

/**
 * A rotation through the API, as a rotation function does it: createSecret puts the new value
 * staged AWSPENDING; finishSecret moves AWSCURRENT to it (the old version becomes AWSPREVIOUS)
 * and removes AWSPENDING. Stages are always named explicitly.
 */
export async function stageRotation(
  client: () => SecretsManagerClient,
  call: Call,
  id: string,
  value: string | Uint8Array,
  finish: boolean,
): Promise<string> {
  const payload = typeof value === 'string' ? { SecretString: value } : { SecretBinary: value }
  const put = await call('put', id, () =>
    client().send(new PutSecretValueCommand({ SecretId: id, ...payload, VersionStages: ['AWSPENDING'] })),
  )
  const pending = put.VersionId!
  if (!finish) return pending
  const described = await call('put', id, () => client().send(new DescribeSecretCommand({ SecretId: id })))
  const current = Object.entries(described.VersionIdsToStages ?? {}).find(([, stages]) =>
    stages.includes('AWSCURRENT'),
  )?.[0]
  await call('put', id, () =>
    client().send(
      new UpdateSecretVersionStageCommand({
        SecretId: id,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: pending,
        ...(current ? { RemoveFromVersionId: current } : {}),
      }),
    ),
  )
  await call('put', id, () =>
    client().send(
      new UpdateSecretVersionStageCommand({
        SecretId: id,
        VersionStage: 'AWSPENDING',
        RemoveFromVersionId: pending,
      }),
    ),
  )
  return pending
}
