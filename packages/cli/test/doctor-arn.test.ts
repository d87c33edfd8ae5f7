import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { STSClient } from '@aws-sdk/client-sts'
import { motoClientConfig, resetMoto } from '@paramkit/test-support/moto/clients'
import {
  type StubReply,
  sdkError,
  stubCredentials,
  stubTransport,
} from '@paramkit/test-support/stub-transport'
import { describe, expect, it } from 'vitest'
import { cli } from './support/run.js'

// Shared parameters read by ARN: moto serves GetParameter by ARN within its one account (123456789012),
// and enforces no policy, so the refusals come from a stubbed transport under the real SDK client.
const owner = '444455556666'
const shared = `arn:aws:ssm:us-east-1:${owner}:parameter/shared/db/host`
const own = 'arn:aws:ssm:us-east-1:123456789012:parameter/prod/order-api/db/host'

async function doctor(arns: string[], ssm: SSMClient) {
  const result = await cli(
    [
      '--backend',
      'ssm',
      '--env',
      'prod',
      '--service',
      'order-api',
      'doctor',
      '--json',
      ...arns.flatMap((a) => ['--arn', a]),
    ],
    {
      env: { AWS_REGION: 'us-east-1' },
      deps: { clients: { ssm, sts: new STSClient(motoClientConfig()) } },
    },
  )
  return { code: result.code, stderr: result.stderr, ...(result.stdout ? JSON.parse(result.stdout) : {}) }
}

function stubbed(reply: (op: string, input: Record<string, unknown>) => StubReply) {
  const stub = stubTransport((op, input) =>
    op === 'GetParametersByPath' ? { status: 200, body: { Parameters: [] } } : reply(op, input),
  )
  return {
    ssm: new SSMClient({ ...stubCredentials, maxAttempts: 1, requestHandler: stub.requestHandler }),
    stub,
  }
}

const arnCheck = (report: { checks: { check: string }[] }) =>
  report.checks.find((c) => c.check.startsWith('ssm:GetParameter arn:'))

describe('doctor --arn checks each configured ARN where it lives', () => {
  it('a readable ARN is ok (on moto, through the real SDK); the value is never printed', async () => {
    await resetMoto()
    const ssm = new SSMClient(motoClientConfig())
    await ssm.send(
      new PutParameterCommand({ Name: '/prod/order-api/db/host', Value: 'db.internal', Type: 'String' }),
    )
    const report = await doctor([own], ssm)
    expect(arnCheck(report)).toEqual({
      check: `ssm:GetParameter ${own}`,
      status: 'ok',
      detail: 'readable from account 123456789012',
    })
    expect(JSON.stringify(report)).not.toContain('db.internal')
  })

  it('refused by IAM: names the action, the line for the caller and what the owner must share', async () => {
    const { ssm } = stubbed(() =>
      sdkError(
        'AccessDeniedException',
        `User: arn:aws:sts::123456789012:user/moto is not authorized to perform: ssm:GetParameter on resource: ${shared}`,
      ),
    )
    const report = await doctor([shared], ssm)
    expect(report.code).toBe(1)
    expect(arnCheck(report)).toMatchObject({
      status: 'fail',
      permission: 'ssm:GetParameter',
      policy: `{"Effect":"Allow","Action":"ssm:GetParameter","Resource":"${shared}"}`,
    })
    expect(arnCheck(report)!).toHaveProperty(
      'detail',
      expect.stringMatching(/owner \(account 444455556666\) must share the parameter through AWS RAM/),
    )
  })

  it("refused by the owner's KMS key: the key policy statement for the owner to add", async () => {
    const { ssm } = stubbed(() =>
      sdkError(
        'AccessDeniedException',
        `User: arn:aws:sts::123456789012:user/moto is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:${owner}:key/abcd (Service: AWSKMS)`,
      ),
    )
    const report = await doctor([shared], ssm)
    expect(arnCheck(report)).toMatchObject({
      status: 'fail',
      permission: 'kms:Decrypt',
      policyFor: `the key policy of account ${owner}'s KMS key`,
      policy:
        '{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:Decrypt","Resource":"*"}',
    })
  })

  it('not found: says it may not be shared with this account', async () => {
    const { ssm } = stubbed(() => sdkError('ParameterNotFound', 'not found'))
    const report = await doctor([shared], ssm)
    expect(arnCheck(report)).toMatchObject({
      status: 'fail',
      detail: `not found: it does not exist, or account ${owner} has not shared it with account 123456789012`,
    })
  })

  it('a malformed ARN or one of another service is a usage error before any call', async () => {
    for (const bad of ['arn:aws:ssm:us-east-1:42:parameter/x', 'arn:aws:s3:::bucket', 'not-an-arn']) {
      const { ssm, stub } = stubbed(() => ({ status: 200, body: {} }))
      const report = await doctor([bad], ssm)
      expect(report.code, bad).toBe(2)
      expect(stub.requests).toEqual([])
    }
  })
})

describe('doctor --arn on a memory fixture', () => {
  it('reads the name inside each ARN from the fixture', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs')
    const { join } = await import('node:path')
    const { tmpdir } = await import('node:os')
    const file = join(mkdtempSync(join(tmpdir(), 'doctor-arn-')), 'fixture.json')
    writeFileSync(file, JSON.stringify({ '/shared/db/host': 'db.shared' }))
    const result = await cli(
      ['--backend', `memory:${file}`, 'doctor', '--json', '--arn', shared, '--arn', `${shared}-missing`],
      {},
    )
    const report = JSON.parse(result.stdout)
    expect(
      report.checks.slice(1).map((c: { check: string; status: string }) => `${c.status} ${c.check}`),
    ).toEqual([`ok read ${shared}`, `fail read ${shared}-missing`, 'ok cache crypto'])
    expect(result.code).toBe(1)
  })
})
