import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { packAndImport } from '../../../scripts/pack-check.js'

const core = fileURLToPath(new URL('../../core', import.meta.url))
const events = fileURLToPath(new URL('..', import.meta.url))

describe('packed tarball', () => {
  it('installs beside core and parses change events from ESM and CommonJS, with types', () => {
    const event = JSON.stringify({
      id: 'e1',
      source: 'aws.ssm',
      'detail-type': 'Parameter Store Change',
      detail: { operation: 'Delete', name: '/p' },
    })
    const body = (load: string) => `${load}
console.log(JSON.stringify([parseChangeMessage(${JSON.stringify(event)}), typeof watchChanges, typeof createInstanceQueue]))`
    const result = packAndImport({
      packages: [core, events],
      esm: body(
        `import { parseChangeMessage, watchChanges, createInstanceQueue } from '@paramkit/change-events'`,
      ),
      cjs: body(
        `const { parseChangeMessage, watchChanges, createInstanceQueue } = require('@paramkit/change-events')`,
      ),
      types: {
        mts: `import { watchChanges, type WatchOptions, type WatchStats } from '@paramkit/change-events'\nconst o: WatchOptions = { queueUrl: 'https://sqs.us-east-1.amazonaws.com/1/q', jitter: 500 }\nexport const w: (c: object) => { stats(): WatchStats } = (c) => watchChanges(c, o)\n`,
        cts: `import { RECEIVE, type ParsedMessage } from '@paramkit/change-events'\nexport const n: number = RECEIVE.waitTimeSeconds\nexport type P = ParsedMessage\n`,
      },
    })
    const expected = [
      { kind: 'changes', id: 'e1', changes: [{ name: '/p', kind: 'deleted' }] },
      'function',
      'function',
    ]
    expect(JSON.parse(result.esm)).toEqual(expected)
    expect(JSON.parse(result.cjs)).toEqual(expected)
    expect(result.files[1]).toEqual(
      expect.arrayContaining([
        'dist/index.js',
        'dist/index.cjs',
        'dist/index.d.ts',
        'dist/index.d.cts',
        'README.md',
        'LICENSE',
      ]),
    )
  }, 180_000)
})
