import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { motoEndpoint } from '../../../scripts/moto/clients.js'
import { sdkWarningSwitch } from '../../../scripts/sdk-node-warning.js'
import { orderApiFixture } from './support/run.js'

const readme = fileURLToPath(new URL('../../../README.md', import.meta.url))
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url))

/** The root README's CLI session: each `$ command` with the output shown under it. */
function session(): { command: string; output: string }[] {
  const text = readFileSync(readme, 'utf8')
  const block = /## CLI[\s\S]*?```console\n([\s\S]*?)```/.exec(text)![1]!
  const steps: { command: string; output: string }[] = []
  for (const line of block.trimEnd().split('\n')) {
    if (line.startsWith('$ ')) steps.push({ command: line.slice(2), output: '' })
    else steps.at(-1)!.output += `${line}\n`
  }
  return steps
}

/** Version ids of secrets are new on every run. */
const normalise = (text: string) =>
  text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<version-id>')

describe('the root README CLI session', () => {
  it('is what the CLI prints when the session is run again on an empty moto', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paramkit-session-'))
    copyFileSync(orderApiFixture, join(dir, 'order-api.json'))
    symlinkSync(bin, join(dir, 'paramkit'))
    const steps = session()
    expect(steps.length).toBeGreaterThan(8)
    const script = [
      'shopt -s expand_aliases',
      ...steps.flatMap((s, i) => [`echo '@@@ ${i}'`, `{ ${s.command}; } 2>&1`]),
    ].join('\n')
    writeFileSync(join(dir, 'session.sh'), script)
    const out = execFileSync('bash', ['session.sh'], {
      cwd: dir,
      encoding: 'utf8',
      env: {
        PATH: `${dir}:${process.env.PATH}`,
        AWS_ENDPOINT_URL: motoEndpoint(),
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        [sdkWarningSwitch]: 'true',
      },
    })
    const outputs = out.split(/^@@@ \d+\n/m).slice(1)
    expect(outputs).toHaveLength(steps.length)
    steps.forEach((step, i) => {
      expect(normalise(outputs[i]!), step.command).toBe(normalise(step.output))
    })
  })
})
