// #25: hostile names and values through the client, the schemas, the CLI's JSON and human output, and snapshots.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { runCli } from '@paramkit/cli'
import {
  BackendUnavailableError,
  createConfig,
  localKeyProvider,
  SchemaError,
  Secret,
  secretValue,
  ValidationError,
} from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import { ownAt, prototypeState } from '@paramkit/test-support/proto-keys'
import { type } from 'arktype'
import fc from 'fast-check'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { CONTROLS, hostileName, hostileSegment, hostileValue } from './support/hostile.js'
import { windowsIn } from './support/windows.js'

const masterKey = globalThis.crypto.getRandomValues(new Uint8Array(32))
const before = prototypeState()

const seedOf = (a: string, b: string, plain: string, secret: string) => ({
  [`/prod/api/${a}/${b}`]: plain,
  [`/prod/api/${a}/secret`]: { type: 'SecureString' as const, value: secret },
  '/prod/api/db/host': 'db.internal',
})

async function run(argv: string[]) {
  let stdout = ''
  let stderr = ''
  const status = await runCli(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
  })
  return { code: status.code, stdout, stderr }
}

describe('hostile input', () => {
  it('the client: values round-trip exactly, secrets only as Secrets, bad names refused, no prototype touched', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileSegment,
        hostileSegment,
        hostileValue,
        hostileValue,
        hostileName,
        async (a, b, plain, secret, bad) => {
          fc.pre(a !== b && b !== 'secret' && !plain.includes(secret))
          const config = createConfig({
            backend: memoryBackend({ seed: seedOf(a, b, plain, secret) }),
            env: 'prod',
            service: 'api',
          })
          for (const tree of [await config.getTree(), await config.load()]) {
            expect(ownAt(tree, [a, b])).toBe(plain)
            const sealed = ownAt(tree, [a, 'secret'])
            expect(Secret.is(sealed) && sealed.reveal()).toBe(secret)
            expect(JSON.stringify(tree)).not.toContain(JSON.stringify(secret).slice(1, -1))
          }
          expect(await config.get(`${a}/${b}`)).toBe(plain)
          const refused = await config.get(`${a}/secret`).catch((e: unknown) => e)
          expect((refused as ValidationError).rule).toBe('secret-read')
          const invalid = await config.get(bad).catch((e: unknown) => e)
          expect(ValidationError.is(invalid)).toBe(true)
          await config.close()
          expect(prototypeState()).toBe(before)
          expect(({} as Record<string, unknown>).polluted).toBeUndefined()
        },
      ),
      { numRuns: 40 },
    )
  })

  it('schemas (zod, valibot, ArkType): errors hold no window of a secret, values and prototypes intact', async () => {
    const reveal = (s: unknown) => (Secret.is(s) ? String(s.reveal()) : s)
    const schemas = [
      z.object({
        db: z.object({ password: z.any().transform(reveal).pipe(z.string().max(2).startsWith('sk_')) }),
      }),
      v.object({
        db: v.object({ password: v.pipe(v.any(), v.transform(reveal), v.string(), v.maxLength(2)) }),
      }),
      type({ db: { password: secretValue(type('string.json.parse')) } }),
      type({ db: { password: secretValue(type('string <= 2')) } }),
    ]
    await fc.assert(
      // Secrets marked QZ/QX: windows of the constant JSON values would match ordinary JSON in the error.
      fc.asyncProperty(
        hostileValue.filter((s) => s.startsWith('Q')),
        fc.constantFrom(...schemas),
        async (secret, schema) => {
          const seed = { '/prod/api/db/password': { type: 'SecureString' as const, value: secret } }
          const config = createConfig({ backend: memoryBackend({ seed }), env: 'prod', service: 'api' })
          const error = await config.load(schema).catch((e: unknown) => e)
          await config.close()
          if (!SchemaError.is(error)) return // a valid JSON secret passes string.json.parse
          const texts = [
            error.message,
            JSON.stringify(error),
            inspect(error, { depth: 8, showHidden: true }),
          ].join('\n')
          expect(windowsIn(texts, secret)).toEqual([])
          expect(error.issues.every((i) => i.path !== 'db.password' || i.rule === 'secret-value')).toBe(true)
          expect(prototypeState()).toBe(before)
        },
      ),
      { numRuns: 60 },
    )
  })

  it('the CLI: --json gives values exactly; human output has no control character and no secret', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileSegment,
        hostileSegment,
        hostileValue,
        hostileValue,
        async (a, b, plain, secret) => {
          fc.pre(a !== b && b !== 'secret' && !plain.includes(secret))
          const dir = mkdtempSync(join(tmpdir(), 'paramkit-hostile-'))
          const fixture = join(dir, 'fixture.json')
          writeFileSync(fixture, JSON.stringify(seedOf(a, b, plain, secret)))
          const app = ['--backend', `memory:${fixture}`, '--env', 'prod', '--service', 'api']
          const json = await run([...app, 'ls', '--values', '--json'])
          expect(json.code, json.stderr).toBe(0)
          const entries = JSON.parse(json.stdout).entries as { key: string; value: string | null }[]
          expect(entries.find((e) => e.key === `${a}/${b}`)?.value).toBe(plain)
          expect(entries.find((e) => e.key === `${a}/secret`)?.value).toBeNull()
          for (const command of ['ls', 'tree']) {
            const human = await run([...app, command, '--values'])
            expect(human.code, human.stderr).toBe(0)
            // One line per entry: no control character inside a line (a value's newline is escaped too).
            for (const line of human.stdout.split('\n')) expect(line).not.toMatch(CONTROLS)
            expect(human.stdout + human.stderr).not.toContain(secret)
          }
          const revealed = await run([...app, 'ls', '--reveal'])
          for (const line of revealed.stdout.split('\n')) expect(line).not.toMatch(CONTROLS)
          const pulled = join(dir, 'pulled.json')
          expect((await run([...app, 'pull', '--out', pulled, '--secrets', 'include'])).code).toBe(0)
          expect(ownAt(JSON.parse(readFileSync(pulled, 'utf8')), ['/prod/api', a, b])).toBe(plain)
          expect(prototypeState()).toBe(before)
        },
      ),
      { numRuns: 25 },
    )
  })

  it('snapshots: hostile values come back exactly from the sealed file, which holds none of them', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileSegment,
        hostileSegment,
        hostileValue,
        hostileValue,
        async (a, b, plain, secret) => {
          fc.pre(a !== b && b !== 'secret' && !plain.includes(secret))
          const path = join(mkdtempSync(join(tmpdir(), 'paramkit-hostile-snap-')), 'config.snapshot')
          const backend = memoryBackend({ seed: seedOf(a, b, plain, secret) })
          const options = {
            backend,
            env: 'prod',
            service: 'api',
            snapshot: { path, writeDebounceMs: 0 },
            cache: { keyProvider: localKeyProvider({ masterKey }) },
          }
          const writer = createConfig(options)
          await writer.load()
          await writer.close()
          const file = readFileSync(path, 'utf8')
          expect(file).not.toContain(secret)
          expect(file).not.toContain(plain)
          const reader = createConfig({ ...options, backend: failing() })
          const tree = await reader.load()
          expect(ownAt(tree, [a, b])).toBe(plain)
          const sealed = ownAt(tree, [a, 'secret'])
          expect(Secret.is(sealed) && sealed.reveal()).toBe(secret)
          await reader.close()
          expect(prototypeState()).toBe(before)
        },
      ),
      { numRuns: 20 },
    )
  })
})

/** A backend that is down: every call fails as unavailable, so the snapshot answers. */
function failing() {
  const backend = memoryBackend()
  const down = () => Promise.reject(new BackendUnavailableError('down', { backend: 'memory' }))
  return Object.assign(Object.create(backend) as typeof backend, {
    get: down,
    getMany: down,
    list: () => ({
      [Symbol.asyncIterator]: () => ({ next: down }),
    }),
  })
}
