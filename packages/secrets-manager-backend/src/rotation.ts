import {
  DescribeSecretCommand,
  ListSecretsCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager'
import type { Call } from '@paramkit/aws-kit'
import { commonPrefix } from './entries.js'

export interface RotationReader {
  enabled: boolean
  /** NextRotationDate of one secret (DescribeSecret). */
  one(id: string): Promise<Date | undefined>
  /** NextRotationDate of many secrets with one ListSecrets filter on their common prefix. */
  many(ids: readonly string[]): Promise<Map<string, Date>>
}

/** Reads when secrets are due to rotate, so entries carry `rotatesAt`. */
export function rotationReader(
  client: () => SecretsManagerClient,
  call: Call,
  enabled: boolean,
): RotationReader {
  return {
    enabled,
    async one(id) {
      if (!enabled) return undefined
      const described = await call('get', id, () =>
        client().send(new DescribeSecretCommand({ SecretId: id })),
      )
      return described.NextRotationDate
    },
    async many(ids) {
      const out = new Map<string, Date>()
      const names = ids.filter((id) => !id.startsWith('arn:'))
      if (!enabled || names.length === 0) return out
      const prefix = commonPrefix(names)
      const wanted = new Set(names)
      let NextToken: string | undefined
      do {
        const token = NextToken
        const page = await call('getMany', prefix || undefined, () =>
          client().send(
            new ListSecretsCommand({
              ...(prefix ? { Filters: [{ Key: 'name', Values: [prefix] }] } : {}),
              MaxResults: 100,
              ...(token ? { NextToken: token } : {}),
            }),
          ),
        )
        for (const secret of page.SecretList ?? []) {
          if (secret.Name && wanted.has(secret.Name) && secret.NextRotationDate)
            out.set(secret.Name, secret.NextRotationDate)
        }
        NextToken = page.NextToken || undefined
      } while (NextToken !== undefined)
      return out
    },
  }
}
