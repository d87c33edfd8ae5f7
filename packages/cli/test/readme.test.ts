import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runReadmeExample } from '@paramkit/test-support/readme-example'
import { describe, expect, it } from 'vitest'
import { cli, orderApiFixture, scratch } from './support/run.js'

const readme = fileURLToPath(new URL('../README.md', import.meta.url))

describe('README', () => {
  it('runs its example and prints what its comments say', () => {
    const { output } = runReadmeExample(readme)
    const lines = output.trim().split('\n')
    expect(lines).toHaveLength(5)
    expect(lines.slice(0, 2)).toEqual(['5000', '[redacted]'])
    expect(lines[2]).toMatch(
      /^pulled 3 entries from \/prod\/order-api, \/shared to \/.*pulled\.json \(1 secrets as placeholders\)$/,
    )
    expect(lines.slice(3)).toEqual(['<placeholder:/prod/order-api/database/password>', '3'])
  })

  it('shows the error line the CLI really prints', async () => {
    const shown = /```\n(error: .*)\n```/.exec(readFileSync(readme, 'utf8'))![1]
    const result = await cli(['--backend', `memory:${orderApiFixture}`, 'get', '/Prod/order-api/x!'])
    expect(result.stderr).toBe(`${shown}\n`)
  })

  it('documents each --json document with exactly the fields the command prints', async () => {
    const { dir, fixture } = scratch()
    const target = join(dir, 'target.json')
    writeFileSync(target, '{}')
    const app = ['--backend', `memory:${orderApiFixture}`, '--env', 'prod', '--service', 'order-api']
    const runs: Record<string, string[]> = {
      get: [...app, 'get', 'database/host'],
      ls: [...app, 'ls'],
      tree: [...app, 'tree'],
      pull: [...app, 'pull', '--out', join(dir, 'pulled.json')],
      push: ['--backend', `memory:${target}`, 'push', fixture],
      diff: [...app, 'diff', 'prod', 'staging'],
      doctor: [...app, 'doctor'],
    }
    const text = readFileSync(readme, 'utf8')
    for (const [command, argv] of Object.entries(runs)) {
      const row = new RegExp(`^\\| \`${command}\` \\| \`(\\{.*?\\})\``, 'm').exec(text)
      expect(row, command).not.toBeNull()
      const { required, optional } = topLevelFields(row![1]!)
      const printed = Object.keys(JSON.parse((await cli([...argv, '--json'])).stdout))
      expect(printed.filter((f) => !optional.includes(f)).sort(), command).toEqual(required.sort())
    }
  })
})

/** `{ a, b: { c }, d?: x }` → required a, b; optional d. */
function topLevelFields(doc: string): { required: string[]; optional: string[] } {
  let depth = 0
  let current = ''
  const parts: string[] = []
  for (const ch of doc.slice(1, -1)) {
    if (ch === '{' || ch === '(') depth++
    if (ch === '}' || ch === ')') depth--
    if (ch === ',' && depth === 0) {
      parts.push(current)
      current = ''
    } else current += ch
  }
  parts.push(current)
  const names = parts.map((p) => p.trim().split(':')[0]!.trim())
  return {
    required: names.filter((n) => !n.endsWith('?')),
    optional: names.filter((n) => n.endsWith('?')).map((n) => n.slice(0, -1)),
  }
}
