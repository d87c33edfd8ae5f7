/** Where the caller is: enough to write a policy line with real ARNs. */
export interface Where {
  partition: string
  region: string
  account: string
}

/** The IAM policy statement that grants `permission` for `path`, as one line of JSON. */
export function policyLine(permission: string, path: string, where: Where): string {
  const { partition, region, account } = where
  const base = path === '/' ? '' : path
  const resource: Record<string, string> = {
    'ssm:GetParametersByPath': `arn:${partition}:ssm:${region}:${account}:parameter${base}*`,
    'ssm:GetParameters': `arn:${partition}:ssm:${region}:${account}:parameter${base}/*`,
    'ssm:GetParameter': `arn:${partition}:ssm:${region}:${account}:parameter${base}/*`,
    'kms:Decrypt': `arn:${partition}:kms:${region}:${account}:key/*`,
  }
  const statement: Record<string, unknown> = {
    Effect: 'Allow',
    Action: permission,
    Resource: resource[permission] ?? `arn:${partition}:secretsmanager:${region}:${account}:secret:${base}/*`,
  }
  if (permission === 'secretsmanager:ListSecrets') statement.Resource = '*'
  if (permission === 'kms:Decrypt')
    statement.Condition = { StringEquals: { 'kms:ViaService': `ssm.${region}.amazonaws.com` } }
  return JSON.stringify(statement)
}

/** The partition of an ARN (`aws`, `aws-cn`, `aws-us-gov`); `aws` when there is none. */
export function partitionOf(arn: string): string {
  return arn.split(':')[1] || 'aws'
}
