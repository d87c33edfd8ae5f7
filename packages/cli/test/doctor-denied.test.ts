import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { SSMClient } from '@aws-sdk/client-ssm'
import { STSClient } from '@aws-sdk/client-sts'
import { motoClientConfig } from '@paramkit/test-support/moto/clients'
import {
  type StubReply,
  sdkError,
  stubCredentials,
  stubTransport,
} from '@paramkit/test-support/stub-transport'
import { describe, expect, it } from 'vitest'
import { cli } from './support/run.js'

// moto accepts every call whatever the policy (it does not enforce IAM), so the refusals come from a
// stubbed transport under real SDK clients: the SDK's serialisation and error parsing still run,
// and the backends map the errors as they would AWS's. STS is moto's, through the real SDK.
const denied = (action: string, extra = '') =>
  sdkError(
    'AccessDeniedException',
    `User: arn:aws:sts::123456789012:user/moto is not authorized to perform: ${action}${extra}`,
  )

function clients(
  ssm: (op: string, input: Record<string, unknown>) => StubReply,
  sm?: (op: string) => StubReply,
) {
  const ssmStub = stubTransport(ssm)
  const smStub = stubTransport(
    sm ?? (() => sdkError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.")),
  )
  return {
    ssm: new SSMClient({ ...stubCredentials, maxAttempts: 1, requestHandler: ssmStub.requestHandler }),
    secretsManager: new SecretsManagerClient({
      ...stubCredentials,
      maxAttempts: 1,
      requestHandler: smStub.requestHandler,
    }),
    sts: new STSClient(motoClientConfig()),
    requests: () => [...ssmStub.requests, ...smStub.requests],
  }
}

const app = ['--env', 'prod', '--service', 'order-api']

async function doctor(backend: string[], deps: ReturnType<typeof clients>) {
  const result = await cli([...backend, ...app, 'doctor', '--json'], {
    env: { AWS_REGION: 'us-east-1' },
    deps: { clients: deps },
  })
  return { code: result.code, ...JSON.parse(result.stdout) }
}

describe('doctor names the missing permission and the policy line to add', () => {
  it('ssm:GetParametersByPath', async () => {
    const stub = clients(() =>
      denied(
        'ssm:GetParametersByPath',
        ' on resource: arn:aws:ssm:us-east-1:123456789012:parameter/prod/order-api',
      ),
    )
    const report = await doctor(['--backend', 'ssm'], stub)
    expect(report.code).toBe(1)
    expect(report.ok).toBe(false)
    expect(report.checks[2]).toEqual({ check: 'ssm reachable', status: 'ok', detail: 'answered' })
    expect(report.checks[3]).toMatchObject({
      check: 'ssm:GetParametersByPath',
      status: 'fail',
      permission: 'ssm:GetParametersByPath',
      policy:
        '{"Effect":"Allow","Action":"ssm:GetParametersByPath","Resource":"arn:aws:ssm:us-east-1:123456789012:parameter/prod/order-api*"}',
    })
    expect(report.checks[4]).toMatchObject({ check: 'kms:Decrypt', status: 'skip' })
    expect(stub.requests()).toEqual(['GetParametersByPath'])
  })

  it('kms:Decrypt, found by decrypting one SecureString through Parameter Store', async () => {
    const stub = clients((operation) =>
      operation === 'GetParametersByPath'
        ? {
            status: 200,
            body: {
              Parameters: [
                { Name: '/prod/order-api/db/password', Type: 'SecureString', Value: 'AQICAH...', Version: 1 },
              ],
            },
          }
        : denied(
            'kms:Decrypt',
            ' on resource: arn:aws:kms:us-east-1:123456789012:key/1234abcd because no identity-based policy allows the kms:Decrypt action (Service: AWSKMS)',
          ),
    )
    const report = await doctor(['--backend', 'ssm'], stub)
    expect(report.code).toBe(1)
    const kms = report.checks.find((c: { check: string }) => c.check === 'kms:Decrypt')
    expect(kms).toMatchObject({
      status: 'fail',
      permission: 'kms:Decrypt',
      policy:
        '{"Effect":"Allow","Action":"kms:Decrypt","Resource":"arn:aws:kms:us-east-1:123456789012:key/*","Condition":{"StringEquals":{"kms:ViaService":"ssm.us-east-1.amazonaws.com"}}}',
    })
    expect(kms.detail).toMatch(/^kms:Decrypt is missing: Access denied to "\/prod\/order-api\/db\/password"/)
    expect(stub.requests()).toEqual(['GetParametersByPath', 'GetParameter'])
  })

  it('secretsmanager:GetSecretValue, with routed backends', async () => {
    const stub = clients(
      () => ({ status: 200, body: { Parameters: [] } }),
      // The policy allows DescribeSecret (rotation dates) but not GetSecretValue.
      (operation) =>
        operation === 'DescribeSecret'
          ? { status: 200, body: { Name: '/prod/order-api/paramkit-doctor-probe' } }
          : denied(`secretsmanager:${operation}`),
    )
    const report = await doctor(['--backend', 'routed', '--route-secrets', 'database/password'], stub)
    expect(report.code).toBe(1)
    const statuses = report.checks.map((c: { check: string; status: string }) => `${c.status} ${c.check}`)
    expect(statuses).toEqual([
      'ok region',
      'ok credentials',
      'ok ssm reachable',
      'ok ssm:GetParametersByPath',
      'skip kms:Decrypt',
      'ok secrets-manager reachable',
      'fail secretsmanager:GetSecretValue',
      'ok cache crypto',
    ])
    expect(report.checks[6]).toMatchObject({
      permission: 'secretsmanager:GetSecretValue',
      policy:
        '{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:us-east-1:123456789012:secret:/prod/order-api/*"}',
    })
  })

  it('prints the policy line under the failed check in text', async () => {
    const stub = clients(() => denied('ssm:GetParametersByPath'))
    const result = await cli(['--backend', 'ssm', ...app, 'doctor'], {
      env: { AWS_REGION: 'us-east-1' },
      deps: { clients: stub },
    })
    expect(result.stdout).toContain('✗ ssm:GetParametersByPath  ssm:GetParametersByPath is missing')
    expect(result.stdout).toContain(
      '  add to the IAM policy: {"Effect":"Allow","Action":"ssm:GetParametersByPath","Resource":"arn:aws:ssm:us-east-1:123456789012:parameter/prod/order-api*"}',
    )
  })
})
