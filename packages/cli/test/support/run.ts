import { copyFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type CliDeps, runCli } from '../../src/index.js'

export const orderApiFixture = fileURLToPath(
  new URL('../../../../examples/fixtures/order-api.json', import.meta.url),
)

/** The order-api's hierarchy in `env`, as the examples use it. */
export const orderApiIn = (env: string) => [
  '--env',
  env,
  '--service',
  'order-api',
  '--fallback',
  '/{env}/shared',
  '--fallback',
  '/shared',
]

export const orderApi = orderApiIn('prod')

export interface Run {
  code: number
  signal: NodeJS.Signals | undefined
  stdout: string
  stderr: string
}

/** Runs the CLI in this process with captured output; `tty` makes both streams claim to be terminals. */
export async function cli(
  argv: readonly string[],
  options: { env?: Record<string, string>; deps?: CliDeps; cwd?: string; tty?: boolean } = {},
): Promise<Run> {
  let stdout = ''
  let stderr = ''
  const status = await runCli(
    argv,
    {
      stdout: { write: (t: string) => (stdout += t), isTTY: options.tty ?? false },
      stderr: { write: (t: string) => (stderr += t), isTTY: options.tty ?? false },
      env: options.env ?? {},
      ...(options.cwd ? { cwd: options.cwd } : {}),
    },
    options.deps,
  )
  return { code: status.code, signal: status.signal, stdout, stderr }
}

/** A scratch folder holding a copy of the order-api fixture. */
export function scratch(): { dir: string; fixture: string } {
  const dir = mkdtempSync(join(tmpdir(), 'paramkit-cli-'))
  const fixture = join(dir, 'order-api.json')
  copyFileSync(orderApiFixture, fixture)
  return { dir, fixture }
}

/** What `doctor` says about the cache's crypto in this run: libsodium, or noble under PARAMKIT_NATIVE=0. */
export const cryptoDetail =
  process.env.PARAMKIT_NATIVE === '0'
    ? 'xchacha20-poly1305 via noble (pure JavaScript: sodium-native did not load, or PARAMKIT_NATIVE=0)'
    : 'xchacha20-poly1305 via libsodium'
