import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { memoryBackend } from '@paramkit/memory-backend'
import { ownAt, protoSegment, prototypeState } from '@paramkit/test-support/proto-keys'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cli } from './support/run.js'

describe('names with __proto__-family segments round-trip as data through pull, push and diff (runCli in this process)', () => {
  it('a fast-check property over Object.prototype names and JSON keys', async () => {
    const before = prototypeState()
    await fc.assert(
      fc.asyncProperty(protoSegment, protoSegment, async (a, b) => {
        const dir = mkdtempSync(join(tmpdir(), 'paramkit-proto-'))
        const source = join(dir, 'source.json')
        // Flat full names: the fixture format takes them as they are.
        writeFileSync(
          source,
          JSON.stringify({
            [`/prod/api/${a}/token`]: { type: 'SecureString', value: 'tok-prod' },
            [`/prod/api/normal/${b}`]: 'plain',
            [`/staging/api/${a}/token`]: { type: 'SecureString', value: 'tok-staging' },
            [`/staging/api/normal/${b}`]: 'plain',
          }),
        )
        const app = ['--backend', `memory:${source}`, '--service', 'api']
        const out = join(dir, 'pulled.json')
        const pull = await cli([...app, '--env', 'prod', 'pull', '--out', out, '--secrets', 'include'])
        expect(pull.code, pull.stderr).toBe(0)
        expect(prototypeState()).toBe(before)
        expect(({} as Record<string, unknown>).token).toBeUndefined()
        const pulled = JSON.parse(readFileSync(out, 'utf8'))
        expect(ownAt(pulled, ['/prod/api', a, 'token'])).toEqual({ type: 'SecureString', value: 'tok-prod' })
        expect(ownAt(pulled, ['/prod/api', 'normal', b])).toBe('plain')

        const target = join(dir, 'target.json')
        writeFileSync(target, '{}')
        const push = await cli(['--backend', `memory:${target}`, 'push', out, '--no-progress'])
        expect(push.code, push.stderr).toBe(0)
        const pushed = await memoryBackend.fromFile(target)
        expect((await pushed.get(`/prod/api/${a}/token`)).value).toBe('tok-prod')
        expect((await pushed.get(`/prod/api/normal/${b}`)).value).toBe('plain')

        const diff = await cli([...app, 'diff', 'prod', 'staging', '--json'])
        expect(diff.code, diff.stderr).toBe(0)
        const keys = (JSON.parse(diff.stdout).differences as { key: string; kind: string }[]).map(
          (d) => d.key,
        )
        expect(keys).toEqual([`${a}/token`])
        expect(prototypeState()).toBe(before)
        expect(({} as Record<string, unknown>).token).toBeUndefined()
      }),
      { numRuns: 25 },
    )
  })
})
