import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { readmeBlocks, runReadmeBlock } from '@paramkit/test-support/readme-example'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type MotoRunner, startMotoRunner } from './support/moto-runner.js'

const readme = fileURLToPath(new URL('../../README.md', import.meta.url))
const here = fileURLToPath(new URL('.', import.meta.url))
const run = (index: number, env: Record<string, string> = {}) =>
  runReadmeBlock(readme, index, env, here).output.trim().split('\n')

describe('the root README: every js block runs as written and prints what its comments say', () => {
  let moto: MotoRunner
  beforeAll(async () => {
    moto = await startMotoRunner()
  })
  afterAll(async () => {
    await moto?.stop()
  })

  it('has the blocks this test covers, and no other code blocks that would go untested', () => {
    const languages = new Set([...readFileSync(readme, 'utf8').matchAll(/^```(\w+)/gm)].map((m) => m[1]))
    // Code is js (run here) or shell commands; the one console block is the CLI session, replayed
    // against `npm run moto -- --empty` by readme-cli-session.test.ts.
    expect([...languages].sort()).toEqual(['console', 'js', 'sh'])
    expect(readmeBlocks(readme).map((code) => /^import .*$/m.exec(code)?.[0])).toEqual([
      "import { createConfig, secretValue } from '@paramkit/core'",
      "import { createConfig } from '@paramkit/core'",
      "import { memoryBackend } from '@paramkit/memory-backend'",
      "import { createConfig } from '@paramkit/core'",
      "import { createConfig, failoverBackends } from '@paramkit/core'",
      "import { createConfig, routeBackends } from '@paramkit/core'",
      "import { tmpdir } from 'node:os'",
      "import { metrics, trace } from '@opentelemetry/api'",
      "import middy from '@middy/core'",
    ])
  })

  it('names every other library a block imports on an install line, in its section or the Quick start', () => {
    const sections = readFileSync(readme, 'utf8').split(/^(?=## )/m)
    const installed = (text: string) =>
      [...text.matchAll(/^npm install (.+)$/gm)].flatMap((m) => m[1]!.split('#')[0]!.trim().split(/\s+/))
    const quickStart = installed(sections.find((s) => s.startsWith('## Quick start'))!)
    const unnamed = sections.flatMap((section) => {
      const named = new Set([...quickStart, ...installed(section)])
      const imported = [...section.matchAll(/```js\n([\s\S]*?)```/g)].flatMap((block) =>
        [...block[1]!.matchAll(/^import (?:[\s\S]*? from )?'([^']+)'/gm)].map((m) => m[1]!),
      )
      // paramkit's own packages are in the Packages table; node: builtins need no install.
      const libraries = imported
        .filter((name) => !name.startsWith('node:') && !name.startsWith('@paramkit/'))
        .map((name) =>
          name
            .split('/')
            .slice(0, name.startsWith('@') ? 2 : 1)
            .join('/'),
        )
      return [...new Set(libraries)]
        .filter((name) => !named.has(name))
        .map((name) => `${section.split('\n')[0]}: ${name}`)
    })
    expect(unnamed).toEqual([])
  })

  it('Quick start', () => {
    expect(run(0)).toEqual([
      'db.internal',
      'info',
      '[redacted]',
      'connected to db.internal (7-character password)',
      '{"database":{"host":"db.internal","password":"[redacted]"}}',
      'config changed: /prod/order-api/database/host v2',
    ])
  })

  it('In Express', () => {
    expect(run(1)).toEqual(['{"timeout_ms":3000}', '{"timeout_ms":3000}'])
  })

  it('Offline tests on the memory backend', () => {
    expect(run(2)).toEqual(['orders-db.prod.internal', 'true'])
  })

  it('When the backend misbehaves', () => {
    expect(run(3)).toEqual(['db.internal', 'db.internal', 'BACKEND_UNAVAILABLE ECONNREFUSED', 'open'])
  })

  it('A region down: the replica answers after one call budget, and says so', () => {
    expect(run(4)).toEqual(['db.internal', 'us-west-2'])
  })

  it('Secrets that rotate, on moto from `npm run moto`', () => {
    const lines = run(5, moto.env)
    expect(lines).toEqual(['orders-db.prod.internal', 'pool connected (13-character password)'])
  })

  it('Secrets not in plain sight, on moto from `npm run moto`', () => {
    expect(run(6, moto.env)).toEqual(['[redacted]', '1'])
  })

  it("OpenTelemetry, recorded by the SDK's in-memory exporters", () => {
    expect(run(7)).toEqual([
      '1 1',
      'paramkit get {"paramkit.backend":"memory","paramkit.operation":"get","paramkit.key":"/prod/order-api/database/host"}',
    ])
  })

  it('On AWS Lambda: the plain wrapper and middy', () => {
    expect(run(8)).toEqual(['{"timeout_ms":3000}', '{"timeout_ms":3000}'])
  })
})
