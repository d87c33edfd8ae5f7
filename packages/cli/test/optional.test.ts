import { describe, expect, it } from 'vitest'
import { formatError } from '../src/errors.js'
import { isMissing, loadPeers, MissingPackageError } from '../src/optional.js'

/** What Node throws for a package it cannot find, from ESM and from require(). */
const esmMissing = (name: string, from = '/app/node_modules/@paramkit/cli/dist/index.js') =>
  Object.assign(new Error(`Cannot find package '${name}' imported from ${from}`), {
    code: 'ERR_MODULE_NOT_FOUND',
  })
const cjsMissing = (name: string) =>
  Object.assign(new Error(`Cannot find module '${name}'\nRequire stack:\n- /app/x.cjs`), {
    code: 'MODULE_NOT_FOUND',
  })

const loaders = (failures: Record<string, Error>) => {
  const load = (name: string) => async () => {
    if (failures[name]) throw failures[name]
    return { name }
  }
  return {
    '@paramkit/ssm-backend': load('@paramkit/ssm-backend'),
    '@paramkit/secrets-manager-backend': load('@paramkit/secrets-manager-backend'),
    '@aws-sdk/client-sts': load('@aws-sdk/client-sts'),
  } as never
}

describe('optional peers', () => {
  it('a missing package is recognised from ESM and CommonJS errors, by its own name only', () => {
    expect(isMissing(esmMissing('@paramkit/ssm-backend'), '@paramkit/ssm-backend')).toBe(true)
    expect(isMissing(cjsMissing('@paramkit/ssm-backend'), '@paramkit/ssm-backend')).toBe(true)
    // Installed, but its own dependency is gone: that is not "install @paramkit/ssm-backend".
    const inner = esmMissing('@aws-sdk/client-ssm', '/app/node_modules/@paramkit/ssm-backend/dist/index.js')
    expect(isMissing(inner, '@paramkit/ssm-backend')).toBe(false)
    expect(isMissing(new Error("Cannot find package '@paramkit/ssm-backend'"), '@paramkit/ssm-backend')).toBe(
      false,
    )
  })

  it('loads what is installed, and names every missing package in one line with its install command', async () => {
    const ok = await loadPeers(['@paramkit/ssm-backend'], '--backend ssm', loaders({}))
    expect(ok).toEqual({ '@paramkit/ssm-backend': { name: '@paramkit/ssm-backend' } })
    const error = await loadPeers(
      ['@paramkit/ssm-backend', '@paramkit/secrets-manager-backend', '@aws-sdk/client-sts'],
      'doctor with --backend routed',
      loaders({
        '@paramkit/ssm-backend': esmMissing('@paramkit/ssm-backend'),
        '@aws-sdk/client-sts': cjsMissing('@aws-sdk/client-sts'),
      }),
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MissingPackageError)
    expect(formatError(error, false)).toBe(
      'error: doctor with --backend routed needs @paramkit/ssm-backend and @aws-sdk/client-sts, which are not installed (hint: npm install @paramkit/ssm-backend @aws-sdk/client-sts)\n',
    )
  })

  it('passes on any other load failure unchanged (a broken install is not a missing one)', async () => {
    const inner = esmMissing('@aws-sdk/client-ssm', '/app/node_modules/@paramkit/ssm-backend/dist/index.js')
    await expect(
      loadPeers(['@paramkit/ssm-backend'], '--backend ssm', loaders({ '@paramkit/ssm-backend': inner })),
    ).rejects.toBe(inner)
  })
})
