import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readmeBlocks } from '@paramkit/test-support/readme-example'
import { describe, expect, it } from 'vitest'

const packages = fileURLToPath(new URL('../../packages', import.meta.url))

/** The npm package a module specifier comes from: `@scope/name` or `name`; undefined for node builtins. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('node:')) return undefined
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

describe('package READMEs', () => {
  for (const dir of readdirSync(packages)) {
    it(`${dir}: the install line names every package its example imports`, () => {
      const text = readFileSync(join(packages, dir, 'README.md'), 'utf8')
      const installLines = [...text.matchAll(/^npm install (.+)$/gm)].map((m) =>
        m[1]!.split('#')[0]!.split(/\s+/),
      )
      expect(installLines.length).toBeGreaterThan(0)
      const imported = new Set(
        readmeBlocks(join(packages, dir, 'README.md'))
          .flatMap((code) =>
            [...code.matchAll(/^import (?:.* from )?'([^']+)'/gm)].map((m) => packageOf(m[1]!)),
          )
          .filter((name) => name !== undefined),
      )
      for (const tokens of installLines) {
        const installed = tokens.map((token) => token.replace(/(?<=.)@[^/]*$/, ''))
        expect([...imported].filter((name) => !installed.includes(name))).toEqual([])
      }
    })
  }
})
