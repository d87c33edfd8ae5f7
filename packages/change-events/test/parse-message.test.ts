import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseChangeMessage, secretNameOfArn } from '../src/index.js'
import {
  parameterChange,
  parameterPolicyAction,
  parameterStoreChange,
  rotationSucceeded,
  secretApiCall,
  snsNotification,
} from './fixtures/events.js'

const segment = fc.stringMatching(/^[a-zA-Z0-9_.-]{1,12}$/)
const parameterName = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => `/${parts.join('/')}`)
const secretName = fc
  .array(fc.stringMatching(/^[A-Za-z0-9_+=.@-]{1,10}$/), { minLength: 1, maxLength: 3 })
  .map((p) => p.join('/'))
const wrap = fc.constantFrom<(event: object) => string>(
  (event) => JSON.stringify(event),
  (event) => JSON.stringify(snsNotification(event)),
)

describe('parseChangeMessage', () => {
  it('reads the documented Parameter Store Change and Policy Action events, direct and SNS-wrapped', () => {
    for (const body of [
      JSON.stringify(parameterStoreChange),
      JSON.stringify(snsNotification(parameterStoreChange)),
    ]) {
      expect(parseChangeMessage(body)).toEqual({
        kind: 'changes',
        id: parameterStoreChange.id,
        changes: [{ name: 'foo', kind: 'created' }],
      })
    }
    expect(parseChangeMessage(JSON.stringify(parameterPolicyAction))).toEqual({
      kind: 'changes',
      id: parameterPolicyAction.id,
      changes: [{ name: 'foo', kind: 'deleted' }],
    })
    const notice = {
      ...parameterPolicyAction,
      detail: { ...parameterPolicyAction.detail, 'policy-type': 'NoChangeNotification' },
    }
    expect(parseChangeMessage(JSON.stringify(notice))).toMatchObject({
      changes: [{ name: 'foo', kind: 'updated' }],
    })
  })

  it('maps each Secrets Manager CloudTrail event to the secret under its name, ARN and Parameter Store reference', () => {
    const expected = (kind: string) => [
      { name: 'prod/db', kind },
      { name: '/aws/reference/secretsmanager/prod/db', kind },
    ]
    for (const [eventName, kind] of [
      ['PutSecretValue', 'updated'],
      ['UpdateSecretVersionStage', 'updated'],
      ['RotateSecret', 'updated'],
      ['DeleteSecret', 'deleted'],
    ] as const) {
      const parsed = parseChangeMessage(JSON.stringify(secretApiCall(eventName, 'prod/db')))
      expect(parsed).toMatchObject({ kind: 'changes', changes: expected(kind) })
    }
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbC123'
    expect(parseChangeMessage(JSON.stringify(rotationSucceeded(arn)))).toMatchObject({
      kind: 'changes',
      changes: [
        { name: 'prod/db', kind: 'updated' },
        { name: arn, kind: 'updated' },
        { name: '/aws/reference/secretsmanager/prod/db', kind: 'updated' },
      ],
    })
  })

  it('calls other sources, other event types, reads and failed calls foreign; bodies that are no event malformed', () => {
    const foreign = [
      { ...parameterStoreChange, source: 'aws.ec2' },
      { ...parameterStoreChange, 'detail-type': 'EC2 Automation Step Status-change Notification' },
      secretApiCall('GetSecretValue', 'prod/db'),
      {
        ...secretApiCall('PutSecretValue', 'prod/db'),
        detail: { ...secretApiCall('PutSecretValue', 'prod/db').detail, errorCode: 'AccessDenied' },
      },
    ]
    for (const event of foreign) expect(parseChangeMessage(JSON.stringify(event)).kind).toBe('foreign')
    const malformed = [
      'not json',
      '[1,2]',
      '{"hello":"world"}',
      JSON.stringify({ ...parameterStoreChange, detail: { operation: 'Update' } }),
      JSON.stringify({ ...parameterStoreChange, detail: 'Update' }),
      JSON.stringify({ Type: 'Notification', TopicArn: 'arn:aws:sns:us-east-1:1:t', Message: '{oops' }),
      undefined,
    ]
    for (const body of malformed) expect(parseChangeMessage(body).kind).toBe('malformed')
  })

  it('never throws, whatever the body (property)', () => {
    const bodies = fc.oneof(
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.jsonValue().map((v) => JSON.stringify(snsNotification(v))),
      fc
        .record(
          {
            id: fc.oneof(fc.string(), fc.jsonValue()),
            source: fc.oneof(fc.constantFrom('aws.ssm', 'aws.secretsmanager'), fc.jsonValue()),
            'detail-type': fc.oneof(
              fc.constantFrom(
                'Parameter Store Change',
                'Parameter Store Policy Action',
                'AWS API Call via CloudTrail',
              ),
              fc.jsonValue(),
            ),
            detail: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue()),
          },
          { requiredKeys: [] },
        )
        .map((v) => JSON.stringify(v)),
      fc.anything(),
    )
    fc.assert(
      fc.property(bodies, (body) => {
        const parsed = parseChangeMessage(body)
        expect(['changes', 'foreign', 'malformed']).toContain(parsed.kind)
      }),
      { numRuns: 500 },
    )
  })

  it('maps any valid Parameter Store Change to its name and operation (property)', () => {
    const operations = {
      Create: 'created',
      Update: 'updated',
      Delete: 'deleted',
      LabelParameterVersion: 'labeled',
    }
    fc.assert(
      fc.property(
        parameterName,
        fc.constantFrom(...Object.keys(operations)),
        fc.uuid(),
        wrap,
        (name, op, id, w) => {
          const parsed = parseChangeMessage(w(parameterChange(name, op, id)))
          expect(parsed).toEqual({
            kind: 'changes',
            id,
            changes: [{ name, kind: operations[op as keyof typeof operations] }],
          })
        },
      ),
    )
  })

  it('maps any valid secret event, by name or ARN, to the secret name (property)', () => {
    fc.assert(
      fc.property(
        secretName,
        fc.stringMatching(/^[A-Za-z0-9]{6}$/),
        fc.boolean(),
        fc.constantFrom('PutSecretValue', 'UpdateSecretVersionStage', 'RotateSecret', 'DeleteSecret'),
        wrap,
        (name, suffix, byArn, eventName, w) => {
          const arn = `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}-${suffix}`
          expect(secretNameOfArn(arn)).toBe(name)
          const parsed = parseChangeMessage(w(secretApiCall(eventName, byArn ? arn : name)))
          if (parsed.kind !== 'changes') throw new Error(`expected changes, got ${parsed.kind}`)
          expect(parsed.changes.map((c) => c.name)).toContain(name)
          expect(new Set(parsed.changes.map((c) => c.kind))).toEqual(
            new Set([eventName === 'DeleteSecret' ? 'deleted' : 'updated']),
          )
        },
      ),
    )
  })
})
