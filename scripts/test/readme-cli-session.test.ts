import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sdkWarningSwitch } from '@paramkit/test-support/sdk-node-warning'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type MotoRunner, startMotoRunner } from './support/moto-runner.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const readme = join(root, 'README.md')

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

/** The moto the session's introduction says to start: `npm run moto -- ARGS` gives ARGS. */
function motoArgs(): string[] {
  const intro = /## CLI([\s\S]*?)```console/.exec(readFileSync(readme, 'utf8'))![1]!
  const command = /`npm run moto(?: -- ([^`]*))?`/.exec(intro)
  if (!command) throw new Error("the CLI session's introduction does not say which moto to start")
  return command[1]?.split(' ') ?? []
}

/** Version ids of secrets are new on every run. */
const normalise = (text: string) =>
  text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<version-id>')

/** A user's shell: none of what `npm test` or an earlier session set (npm_*, PARAMKIT_*, APP_ENV, AWS_*). */
const userEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^(npm_|PARAMKIT_|APP_ENV$|AWS_)/i.test(key)),
)

describe("the root README's CLI session", () => {
  let moto: MotoRunner
  beforeAll(async () => {
    moto = await startMotoRunner(motoArgs())
  })
  afterAll(async () => {
    await moto?.stop()
    rmSync(join(root, 'staging.json'), { force: true })
  })

  it('prints what the README shows, typed into interactive bash at the root, on the moto its introduction starts', () => {
    const steps = session()
    expect(steps.length).toBeGreaterThan(8)
    // Interactive, as a user types it: aliases expand and `!` is history expansion. Each command reads
    // nothing from the script on stdin; its stderr joins its stdout, as a terminal shows both.
    const script = steps.flatMap((s, i) => [`echo '@@@ ${i}'`, `{ ${s.command}; } 2>&1 </dev/null`])
    const shell = spawnSync('bash', ['--norc', '--noprofile', '-i'], {
      cwd: root,
      input: `${script.join('\n')}\nexit\n`,
      encoding: 'utf8',
      // The variables `npm run moto` printed, pasted; the SDK's Node 20 notice off (see README).
      env: { ...userEnv, ...moto.env, HISTFILE: '/dev/null', [sdkWarningSwitch]: 'true' },
    })
    const outputs = shell.stdout.split(/^@@@ \d+\n/m).slice(1)
    expect(outputs, shell.stderr).toHaveLength(steps.length)
    steps.forEach((step, i) => {
      expect(normalise(outputs[i]!), `${step.command}\n${shell.stderr}`).toBe(normalise(step.output))
    })
  })
})
