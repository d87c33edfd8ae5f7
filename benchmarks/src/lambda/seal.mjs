// Seals the lambda handler's snapshots once per run, as the deploy step would: `paramkit pull --snapshot`
// through the CLI's entry point over the benchmarks' SSM store, one wrapped by the in-process KMS and
// one by a PARAMKIT_SNAPSHOT_KEY master key.
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { runCli } from '@paramkit/cli'
import { fakeSsm } from '../fake-aws.mjs'
import { fakeKms } from '../fake-kms.mjs'
import { SNAPSHOT_KMS_KEY } from './names.mjs'
import { seededStore } from './seed.mjs'

async function pull(file, extra, env, clients) {
  let stderr = ''
  const io = { stdout: { write: () => {} }, stderr: { write: (text) => (stderr += text) }, env }
  const argv = [
    '--backend',
    'ssm',
    '--env',
    'prod',
    '--service',
    'orders',
    'pull',
    '--snapshot',
    file,
    ...extra,
  ]
  const status = await runCli(argv, io, { clients })
  if (status.code !== 0) throw new Error(`paramkit pull --snapshot failed (${status.code}): ${stderr}`)
}

/** Both snapshots under `dir`: `{ kms, key, masterKey }` (paths, and the base64 master key). */
export async function sealLambdaSnapshots(dir) {
  const ssm = fakeSsm(await seededStore()).client
  const kms = join(dir, 'orders-kms.snapshot')
  const key = join(dir, 'orders-key.snapshot')
  const masterKey = randomBytes(32).toString('base64')
  await pull(kms, ['--kms-key-id', SNAPSHOT_KMS_KEY], {}, { ssm, kms: fakeKms().client })
  await pull(key, [], { PARAMKIT_SNAPSHOT_KEY: masterKey }, { ssm })
  return { kms, key, masterKey }
}
