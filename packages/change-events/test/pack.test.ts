import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { motoEndpoint } from '@paramkit/test-support/moto/clients'
import { PUBLISHED_FILES, packAndImport } from '@paramkit/test-support/pack-check'
import { describe, expect, it } from 'vitest'

const core = fileURLToPath(new URL('../../core', import.meta.url))
const awsPackage = fileURLToPath(new URL('../../aws', import.meta.url))
const events = fileURLToPath(new URL('..', import.meta.url))

describe('packed tarball', () => {
  it('installs beside core and @paramkit/aws (its peers), parses events and maps SQS/SNS errors through @paramkit/aws, from ESM and CommonJS, with types', () => {
    const event = JSON.stringify({
      id: 'e1',
      source: 'aws.ssm',
      'detail-type': 'Parameter Store Change',
      detail: { operation: 'Delete', name: '/p' },
    })
    const aws = JSON.stringify({
      endpoint: motoEndpoint(),
      region: 'us-east-1',
      credentials: { accessKeyId: 't', secretAccessKey: 't' },
    })
    const missingTopic = 'arn:aws:sns:us-east-1:123456789012:pack-missing-topic'
    // Subscribing to a topic that does not exist runs @paramkit/aws's lazy clients and the SNS error table.
    const body = (load: string) => `${load}
const parsed = parseChangeMessage(${JSON.stringify(event)})
createInstanceQueue({ topicArn: '${missingTopic}', clientConfig: ${aws}, snsClientConfig: ${aws} }).then(
  () => console.log('created'),
  (e) => console.log(JSON.stringify([parsed, typeof watchChanges, isParamkitError(e) && e.code, e.backend, e.message])),
)`
    const result = packAndImport({
      packages: [core, awsPackage, events],
      esm: body(
        `import { isParamkitError } from '@paramkit/core'\nimport { parseChangeMessage, watchChanges, createInstanceQueue } from '@paramkit/change-events'`,
      ),
      cjs: body(
        `const { isParamkitError } = require('@paramkit/core')\nconst { parseChangeMessage, watchChanges, createInstanceQueue } = require('@paramkit/change-events')`,
      ),
      types: {
        mts: `import { watchChanges, type WatchOptions, type WatchStats } from '@paramkit/change-events'\nconst o: WatchOptions = { queueUrl: 'https://sqs.us-east-1.amazonaws.com/1/q', jitter: 500 }\nexport const w: (c: object) => { stats(): WatchStats } = (c) => watchChanges(c, o)\n`,
        cts: `import { RECEIVE, type ParsedMessage } from '@paramkit/change-events'\nexport const n: number = RECEIVE.waitTimeSeconds\nexport type P = ParsedMessage\n`,
      },
    })
    const expected = [
      { kind: 'changes', id: 'e1', changes: [{ name: '/p', kind: 'deleted' }] },
      'function',
      'BACKEND_UNAVAILABLE',
      'sns',
      `SNS resource "${missingTopic}" does not exist (NotFoundException): cached values are served until it is back`,
    ]
    expect(JSON.parse(result.esm)).toEqual(expected)
    expect(JSON.parse(result.cjs)).toEqual(expected)
    // @paramkit/aws is a peer, never bundled: one copy per app, whichever AWS packages it installs.
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
    expect(manifest.peerDependencies).toMatchObject({ '@paramkit/aws': '0.x' })
    expect(manifest.dependencies ?? {}).not.toHaveProperty('@paramkit/aws')
    expect(result.files[2]).toEqual(expect.arrayContaining(PUBLISHED_FILES))
  }, 180_000)
})
