import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ValidationError } from '@paramkit/core'
import { memoryBackend } from '@paramkit/memory-backend'
import { describe, expect, it } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'paramkit-memory-'))
let n = 0
function file(content: string): string {
  const path = join(dir, `seed-${++n}.json`)
  writeFileSync(path, content)
  return path
}

async function fromFileError(content: string): Promise<ValidationError> {
  const error = await memoryBackend.fromFile(file(content)).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(ValidationError)
  return error as ValidationError
}

describe('memoryBackend.fromFile', () => {
  it('reads flat names, nested levels, lists and the object form', async () => {
    const path = file(
      JSON.stringify({
        '/prod/api/database/host': 'db',
        '/prod/api': { config: { log_level: 'info', hosts: ['a', 'b'] } },
        '/prod/api/database/password': { type: 'SecureString', value: 'pw', tags: { team: 'orders' } },
        '/prod/api/versioned': { versions: [{ value: 'v1', labels: ['stable'] }, { value: 'v2' }] },
        '/prod/api/db/secret': { type: 'Secret', value: '{"u":"x"}', rotationDays: 7 },
        '/prod/api/db/cert': { type: 'Binary', base64: Buffer.from([1, 2, 3]).toString('base64') },
      }),
    )
    const backend = await memoryBackend.fromFile(path)
    expect((await backend.get('/prod/api/database/host')).value).toBe('db')
    expect(await backend.get('/prod/api/config/hosts')).toMatchObject({ type: 'StringList', value: 'a,b' })
    expect(await backend.get('/prod/api/database/password')).toMatchObject({
      type: 'SecureString',
      sensitive: true,
    })
    expect((await backend.get('/prod/api/versioned:stable')).value).toBe('v1')
    expect((await backend.get('/prod/api/versioned')).version).toBe('2')
    expect((await backend.get('/prod/api/db/secret')).rotatesAt).toBeInstanceOf(Date)
    expect((await backend.get('/prod/api/db/cert')).value).toEqual(new Uint8Array([1, 2, 3]))
  })

  it('snapshot() exports the same format, and loading it gives the same store', async () => {
    const backend = memoryBackend({
      seed: { '/a/plain': 'x', '/a/list': ['1', '2'], '/a/sec': { type: 'SecureString', value: 's' } },
    })
    await backend.put('/a/plain', 'y', { overwrite: true })
    await backend.label('/a/plain', 1, ['old'])
    await backend.put('/a/secret', 'one', { type: 'Secret', tags: { t: 'v' } })
    await backend.rotate('/a/secret', 'two', { finish: false })
    await backend.put('/a/bin', new Uint8Array([9, 8]), { type: 'Binary' })
    const snapshot = backend.snapshot()
    const copy = await memoryBackend.fromFile(file(JSON.stringify(snapshot)))
    expect(copy.snapshot()).toEqual(snapshot)
    expect((await copy.get('/a/plain:old')).value).toBe('x')
    expect((await copy.get('/a/secret', { versionStage: 'AWSPENDING' })).value).toBe('two')
    expect(snapshot['/a/list']).toEqual({ type: 'StringList', versions: [{ value: '1,2' }] })
  })

  it('names the file on malformed JSON, without quoting its content', async () => {
    const error = await fromFileError('{ "/a": "secret-value", ')
    expect(error.message).toMatch(/seed-\d+\.json: not valid JSON/)
    expect(error.message).not.toContain('secret-value')
    expect(error.rule).toBe('json')
  })

  it('names the file and the JSON path for wrong types', async () => {
    const cases: [unknown, RegExp][] = [
      [[1, 2], /at \$: expected a JSON object/],
      [{ '/a': 5 }, /at \$\["\/a"\]: expected a string, list or object, got number/],
      [{ '/a': { b: null } }, /at \$\["\/a"\]\["b"\]: expected a string, list or object, got null/],
      [{ '/a': ['x', 1] }, /at \$\["\/a"\]: a list must hold only strings/],
      [{ '/a': { type: 'Number', value: '1' } }, /at \$\["\/a"\]\.type: type must be one of/],
      [{ '/a': { versions: [] } }, /at \$\["\/a"\]\.versions: versions must be a non-empty list/],
      [{ '/a': { versions: [{ value: 1 }] } }, /at \$\["\/a"\]\.versions\[0\]: value must be a string/],
      [{ '/a': { value: 'x', labels: [1] } }, /at \$\["\/a"\]\.labels: labels must be a list of strings/],
      [{ '/a': { value: 'x', tags: { t: 1 } } }, /at \$\["\/a"\]\.tags: tags must map strings to strings/],
      [
        { '/a': { type: 'Secret', value: 'x', rotationDays: 0 } },
        /rotationDays must be a positive whole number/,
      ],
    ]
    for (const [content, message] of cases) {
      const error = await fromFileError(JSON.stringify(content))
      expect(error.message).toMatch(/seed-\d+\.json at /)
      expect(error.message).toMatch(message)
    }
  })

  it('names the file, the JSON path and the broken rule for invalid names', async () => {
    const error = await fromFileError(JSON.stringify({ '/prod': { 'bad key': 'v' } }))
    expect(error.message).toMatch(/at \$\["\/prod"\]\["bad key"\]: invalid name/)
    expect(error.rule).toBe('characters')
    expect(error.key).toBe('/prod/bad key')
    const reserved = await fromFileError(JSON.stringify({ '/aws/x': 'v' }))
    expect(reserved.rule).toBe('reserved-prefix')
  })

  it('refuses values that break the store’s own limits while seeding', () => {
    expect(() => memoryBackend({ seed: { '/a': 'x'.repeat(9000) } })).toThrow(/max-value-size/)
  })
})
