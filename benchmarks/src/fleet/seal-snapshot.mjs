// Seals the fleet's snapshot once, as a deploy step would: `paramkit pull --snapshot FILE --kms-key-id ID`,
// run through the CLI's own entry point (runCli) with the benchmarks' in-process KMS client injected.
import { runCli } from '@paramkit/cli'

/** Runs the pull; returns the CLI's JSON summary, or throws with its stderr. */
export async function sealSnapshot({ fixture, file, env, service, fallbacks, kmsKeyId, kmsClient }) {
  let stdout = ''
  let stderr = ''
  const io = {
    stdout: { write: (text) => (stdout += text) },
    stderr: { write: (text) => (stderr += text) },
    env: {},
  }
  const argv = [
    ...['--backend', `memory:${fixture}`, '--env', env, '--service', service],
    ...fallbacks.flatMap((f) => ['--fallback', f]),
    ...['pull', '--snapshot', file, '--kms-key-id', kmsKeyId, '--json'],
  ]
  const status = await runCli(argv, io, { clients: { kms: kmsClient } })
  if (status.code !== 0) throw new Error(`paramkit pull --snapshot failed (${status.code}): ${stderr}`)
  return JSON.parse(stdout)
}
