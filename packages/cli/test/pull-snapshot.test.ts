import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import { createConfig, localKeyProvider, withSnapshotKeys } from '@paramkit/core'
import type { KeyProvider } from '@paramkit/core/backend'
import { kmsKeyProvider } from '@paramkit/kms'
import { memoryBackend } from '@paramkit/memory-backend'
import { countCalls, motoClientConfig } from '@paramkit/test-support/moto/clients'
import { describe, expect, it } from 'vitest'
import { cli, orderApi, orderApiFixture, scratch } from './support/run.js'

const memory = ['--backend', `memory:${orderApiFixture}`, ...orderApi]
const masterKey = Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(32))).toString('base64')
const env = { PARAMKIT_SNAPSHOT_KEY: masterKey }

/** The order-api service as it starts in production: same hierarchy and backend, booting warm from `path`. */
async function bootService(path: string, keyProvider: KeyProvider) {
  const config = createConfig({
    backend: await memoryBackend.fromFile(orderApiFixture),
    env: 'prod',
    service: 'order-api',
    fallbacks: ['/{env}/shared', '/shared'],
    snapshot: { path, warmBoot: true },
    cache: { keyProvider },
  })
  const errors: Error[] = []
  config.on('error', (e) => errors.push(e.error))
  const tree = await config.load()
  return { config, tree, errors }
}

describe('pull --snapshot', () => {
  it('seals a snapshot (mode 600, no plaintext) that the service boots from with 0 backend calls', async () => {
    const { dir } = scratch()
    const run = await cli([...memory, 'pull', '--snapshot', 'order-api.snapshot', '--json'], {
      env,
      cwd: dir,
    })
    expect(run).toMatchObject({ code: 0, stderr: '' })
    const path = join(dir, 'order-api.snapshot')
    expect(JSON.parse(run.stdout)).toMatchObject({
      file: path,
      entries: 13,
      prefix: '/prod/order-api',
      backend: 'memory',
      keys: 'master-key',
    })
    expect(statSync(path).mode & 0o777).toBe(0o600)
    const text = readFileSync(path, 'utf8')
    expect(text).not.toContain('prd-Pw-e41d03')
    expect(text).not.toContain('orders-db.prod.internal')

    const { config, tree, errors } = await bootService(
      path,
      localKeyProvider({ masterKey: { key: masterKey, encoding: 'base64' } }),
    )
    expect(errors).toEqual([])
    expect(config.stats().backendCalls).toBe(0)
    expect(config.stats().snapshot).toMatchObject({ source: 'snapshot', warmBoot: { outcome: 'booted' } })
    expect(tree).toMatchObject({
      database: { host: 'orders-db.prod.internal' },
      config: { region: 'us-east-1' },
    })
    expect((await config.getSecret('database/password')).reveal()).toBe('prd-Pw-e41d03')
    await config.close()
  })

  it('says what it wrote in text, and a service under another master key refuses it', async () => {
    const { dir } = scratch()
    const run = await cli([...memory, 'pull', '--snapshot', 's.snapshot'], { env, cwd: dir })
    expect(run.stdout).toBe(
      'sealed 13 entries under /prod/order-api (memory) to s.snapshot (mode 600; data key wrapped by PARAMKIT_SNAPSHOT_KEY)\n',
    )
    const other = localKeyProvider({ masterKey: globalThis.crypto.getRandomValues(new Uint8Array(32)) })
    const { config, errors } = await bootService(join(dir, 's.snapshot'), other)
    expect(errors.map((e) => (e as { reason?: string }).reason)).toEqual(['authentication'])
    expect(config.stats().backendCalls).toBeGreaterThan(0)
    await config.close()
  })

  const refusals: [string, string[], Record<string, string>, RegExp][] = [
    [
      'no key source',
      ['pull', '--snapshot', 'x'],
      {},
      /needs a key .*--kms-key-id ID, or PARAMKIT_SNAPSHOT_KEY/,
    ],
    [
      'a short master key',
      ['pull', '--snapshot', 'x'],
      { PARAMKIT_SNAPSHOT_KEY: 'c2hvcnQ=' },
      /master-key-length/,
    ],
    ['a malformed KMS key id', ['pull', '--snapshot', 'x', '--kms-key-id', 'not a key'], env, /keyId/],
    ['--out and --snapshot', ['pull', '--snapshot', 'x', '--out', 'y'], env, /exactly one of --out/],
    ['neither --out nor --snapshot', ['pull'], env, /exactly one of --out/],
    [
      '--secrets with --snapshot',
      ['pull', '--snapshot', 'x', '--secrets', 'include'],
      env,
      /--secrets cannot be used with --snapshot/,
    ],
    [
      '--kms-key-id with --out',
      ['pull', '--out', 'x', '--kms-key-id', 'alias/k'],
      env,
      /--kms-key-id cannot be used with --out/,
    ],
    ['a PATH with --snapshot', ['pull', 'database', '--snapshot', 'x'], env, /takes no PATH/],
  ]
  for (const [what, args, vars, message] of refusals) {
    it(`refuses ${what} as a usage error, writing nothing`, async () => {
      const { dir } = scratch()
      const run = await cli([...memory, ...args], { env: vars, cwd: dir })
      expect(run.code).toBe(2)
      expect(run.stderr).toMatch(message)
      expect(existsSync(join(dir, 'x'))).toBe(false)
    })
  }
})

describe('pull --snapshot --kms-key-id (KMS on moto)', () => {
  it('wraps the data key with KMS: the service boots with 0 backend calls and exactly 1 KMS Decrypt', async () => {
    const kms = new KMSClient(motoClientConfig())
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'order-api snapshots' }))
    const keyId = KeyMetadata!.KeyId!
    const { calls } = countCalls(kms)
    const { dir } = scratch()
    const run = await cli(
      [...memory, 'pull', '--snapshot', 'kms.snapshot', '--kms-key-id', keyId, '--json'],
      {
        cwd: dir,
        deps: { clients: { kms } },
      },
    )
    expect(run).toMatchObject({ code: 0, stderr: '' })
    expect(JSON.parse(run.stdout)).toMatchObject({ keys: 'kms', entries: 13 })
    // One GenerateDataKey for the snapshot; cached values were sealed under local keys, no KMS call.
    expect(calls).toEqual({ GenerateDataKeyCommand: 1 })
    delete calls.GenerateDataKeyCommand

    const booting = new KMSClient(motoClientConfig())
    const counted = countCalls(booting)
    const keyProvider = withSnapshotKeys(localKeyProvider(), kmsKeyProvider({ client: booting, keyId }))
    const { config, tree, errors } = await bootService(join(dir, 'kms.snapshot'), keyProvider)
    expect(errors).toEqual([])
    expect(config.stats().backendCalls).toBe(0)
    expect(counted.calls).toEqual({ DecryptCommand: 1 })
    expect(tree).toMatchObject({ database: { host: 'orders-db.prod.internal' } })
    expect((await config.getSecret('database/password')).reveal()).toBe('prd-Pw-e41d03')
    expect(counted.calls).toEqual({ DecryptCommand: 1 })
    await config.close()
  })
})
