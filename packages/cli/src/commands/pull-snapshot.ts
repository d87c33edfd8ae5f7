import { isAbsolute, resolve } from 'node:path'
import { createConfig } from '@paramkit/core'
import type { Context } from '../context.js'
import { UsageError } from '../errors.js'
import { writeJSON } from '../io.js'
import { snapshotKeys } from '../snapshot-keys.js'

export interface PullSnapshotOptions {
  snapshot: string
  kmsKeyId?: string
  namespace?: string
  json?: boolean
}

/**
 * Writes the sealed snapshot a service with the same prefix, fallbacks, backend and cache namespace
 * opens with `createConfig({ snapshot: { path, warmBoot: true } })`: one full load through core's own
 * client, whose snapshot writer seals it (atomic write, mode 0600). A load the backend could not answer
 * writes nothing and fails, even if an older snapshot is at FILE.
 */
export async function pullSnapshotCommand(
  ctx: Context,
  path: string,
  options: PullSnapshotOptions,
): Promise<number> {
  if (path !== '')
    throw new UsageError(
      'pull --snapshot seals the whole configuration of the prefix and fallbacks: it takes no PATH',
      'drop the PATH, or use --out FILE for a fixture of one subtree',
    )
  if (options.namespace === '') throw new UsageError('--namespace must not be empty')
  const file = isAbsolute(options.snapshot)
    ? options.snapshot
    : resolve(ctx.io.cwd ?? process.cwd(), options.snapshot)
  const keyProvider = await snapshotKeys(ctx, options.kmsKeyId)
  const backend = await ctx.open()
  const { env, service, prefix, fallback } = ctx.options
  const config = createConfig({
    backend,
    ...(env === undefined ? {} : { env }),
    ...(service === undefined ? {} : { service }),
    ...(prefix === undefined ? {} : { prefix }),
    fallbacks: fallback ?? [],
    snapshot: { path: file, writeDebounceMs: 0 },
    cache: { keyProvider, ...(options.namespace ? { namespace: options.namespace } : {}) },
  })
  const errors: Error[] = []
  let written: { createdAt: string; entries: number } | undefined
  config.on('error', (event) => errors.push(event.error))
  config.on('snapshot', (event) => {
    if (event.action === 'written') written = event
  })
  try {
    await config.load()
  } finally {
    await config.close()
  }
  if (!written) {
    throw (
      errors[0] ??
      new Error(`the backend did not answer the whole load, so ${options.snapshot} was not written`)
    )
  }
  const summary = {
    file,
    entries: written.entries,
    createdAt: written.createdAt,
    prefix: config.prefix,
    backend: config.backendName,
    keys: options.kmsKeyId === undefined ? 'master-key' : 'kms',
  }
  if (options.json) writeJSON(ctx.io, summary)
  else
    ctx.io.stdout.write(
      `sealed ${summary.entries} entries under ${summary.prefix || '/'} (${summary.backend}) to ${options.snapshot}` +
        ` (mode 600; data key wrapped by ${options.kmsKeyId === undefined ? 'PARAMKIT_SNAPSHOT_KEY' : `KMS key ${options.kmsKeyId}`})\n`,
    )
  return 0
}
