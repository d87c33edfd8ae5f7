import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** Every ```js block of a README, in order. */
export function readmeBlocks(readmePath: string): string[] {
  return [...readFileSync(readmePath, 'utf8').matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]!)
}

/**
 * Runs one ```js block of a README as an ES module written into `dir` (default: the README's `test`
 * folder, so the workspace's packages resolve), with the README's folder as working directory, and
 * returns what it printed and the code itself.
 */
export function runReadmeBlock(
  readmePath: string,
  index: number,
  env: Record<string, string> = {},
  dir: string = join(dirname(readmePath), 'test'),
): { code: string; output: string } {
  const code = readmeBlocks(readmePath)[index]
  if (code === undefined) throw new Error(`${readmePath} has no js example #${index + 1}`)
  const file = join(dir, `readme-example-${index + 1}.generated.mjs`)
  writeFileSync(file, code)
  return {
    code,
    output: execFileSync(process.execPath, [file], {
      encoding: 'utf8',
      cwd: dirname(readmePath),
      env: { ...process.env, ...env },
    }),
  }
}

/** Runs the first ```js block of a package README (see runReadmeBlock). */
export function runReadmeExample(
  readmePath: string,
  env: Record<string, string> = {},
): { code: string; output: string } {
  return runReadmeBlock(readmePath, 0, env)
}
