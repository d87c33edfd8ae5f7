import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BackendUnavailableError, createConfig, IntegrityError, localKeyProvider } from '../src/index.js'
import { stubBackend } from './support/stub-backend.js'

const dir = mkdtempSync(join(tmpdir(), 'paramkit-snapshot-untrusted-'))
const masterKey = globalThis.crypto.getRandomValues(new Uint8Array(32))
let n = 0

/** Text an attacker who can write the file would put in its unauthenticated fields: newlines, ANSI, OSC. */
const hostile = fc
  .array(fc.constantFrom('\n', '\r', '\u001b[31m', '\u001b]52;c;cHduZWQ=\u0007', '\u009b2J', 'x', '/'), {
    minLength: 1,
    maxLength: 12,
  })
  .map((parts) => `/evil${parts.join('')}`)

describe('snapshot errors quote only authenticated data, control characters escaped', () => {
  it('never echoes the file prefix or backend fields', async () => {
    const path = join(dir, `s${++n}.json`)
    const backend = stubBackend({ '/prod/api/db/host': 'db.internal' })
    const options = {
      backend,
      env: 'prod',
      service: 'api',
      snapshot: { path },
      cache: { keyProvider: localKeyProvider({ masterKey }) },
    }
    const writer = createConfig(options)
    await writer.load()
    await writer.close()
    const original = JSON.parse(readFileSync(path, 'utf8'))
    await fc.assert(
      fc.asyncProperty(hostile, hostile, async (prefix, backendName) => {
        writeFileSync(path, JSON.stringify({ ...original, prefix, backend: backendName }))
        backend.failWith = new BackendUnavailableError('down')
        const reader = createConfig(options)
        const error = await reader.load().catch((e: unknown) => e)
        await reader.close()
        expect(IntegrityError.is(error)).toBe(true)
        const message = (error as Error).message
        expect(message).toMatch(/made for another backend or prefix/)
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the point of the check
        expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/)
        expect(message).not.toContain('/evil')
      }),
      { numRuns: 25 },
    )
  })
})
