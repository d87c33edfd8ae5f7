import { DescribeParametersCommand, type SSMClient } from '@aws-sdk/client-ssm'
import { expirationInPolicyText } from '@paramkit/aws'
import { chunk, type Entry } from '@paramkit/core/backend'

/** DescribeParameters takes at most 50 names in one Name filter. */
const DESCRIBE_BATCH = 50

/**
 * Sets `expiresAt` on entries whose parameter has an Expiration policy. Reads return no policies,
 * so this costs one DescribeParameters call per 50 names: hence opt-in (`readExpiry`).
 */
export async function withExpiry(
  client: SSMClient,
  entries: Entry[],
  call: <T>(send: () => Promise<T>) => Promise<T>,
  signal?: AbortSignal,
): Promise<Entry[]> {
  const names = [...new Set(entries.map((e) => e.name))]
  for (const batch of chunk(names, DESCRIBE_BATCH)) {
    let NextToken: string | undefined
    do {
      const token = NextToken
      const page = await call(() =>
        client.send(
          new DescribeParametersCommand({
            ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: batch }],
            MaxResults: DESCRIBE_BATCH,
            ...(token ? { NextToken: token } : {}),
          }),
          { abortSignal: signal },
        ),
      )
      for (const parameter of page.Parameters ?? []) {
        const at = (parameter.Policies ?? []).map((p) => expirationInPolicyText(p.PolicyText)).find(Boolean)
        if (at) for (const entry of entries) if (entry.name === parameter.Name) entry.expiresAt = at
      }
      NextToken = page.NextToken || undefined
    } while (NextToken)
  }
  return entries
}
