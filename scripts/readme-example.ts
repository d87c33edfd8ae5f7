import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * Runs the first ```js block of a package README as an ES module beside the README (so the
 * workspace's packages resolve) and returns what it printed and the code itself.
 */
export function runReadmeExample(
  readmePath: string,
  env: Record<string, string> = {},
): { code: string; output: string } {
  const match = /```js\n([\s\S]*?)```/.exec(readFileSync(readmePath, 'utf8'))
  if (!match) throw new Error(`${readmePath} has no js example`)
  const code = match[1]!
  const file = join(dirname(readmePath), 'test', 'readme-example.generated.mjs')
  writeFileSync(file, code)
  return {
    code,
    output: execFileSync(process.execPath, [file], { encoding: 'utf8', env: { ...process.env, ...env } }),
  }
}
