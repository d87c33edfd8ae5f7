import type { ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The forms a secret may take in a V8 heap snapshot file: the snapshot writes strings JSON-escaped as
 * UTF-8, so a string is found by its JSON-escaped form; its base64 and URL-encoded forms are searched too.
 */
export function heapForms(secret: string): Record<string, string> {
  return {
    'raw / JSON-escaped': JSON.stringify(secret).slice(1, -1),
    'URL-encoded': encodeURIComponent(secret),
    base64: Buffer.from(secret).toString('base64').replace(/=+$/, ''),
    base64url: Buffer.from(secret).toString('base64url'),
  }
}

/** How often each form of each secret occurs in a heap snapshot file. */
export function countInHeap(
  file: string,
  secrets: readonly string[],
): Record<string, Record<string, number>> {
  const text = readFileSync(file).toString('latin1')
  const utf8 = (s: string) => Buffer.from(s, 'utf8').toString('latin1')
  return Object.fromEntries(
    secrets.map((secret) => [
      secret.slice(0, 6),
      Object.fromEntries(
        Object.entries(heapForms(secret)).map(([name, form]) => [name, text.split(utf8(form)).length - 1]),
      ),
    ]),
  )
}

/**
 * Asks a process started with `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=<dir>` for a heap
 * snapshot and resolves with its path once written: the process answers `ready()` again only after
 * the (blocking) write, and the file has stopped growing. Bounded by attempts, not by time.
 */
export async function takeHeapSnapshot(
  child: ChildProcess,
  dir: string,
  ready: () => Promise<boolean>,
): Promise<string> {
  const before = new Set(readdirSync(dir))
  child.kill('SIGUSR2')
  let lastSize = -1
  for (let attempt = 0; attempt < 600; attempt++) {
    await new Promise((r) => setTimeout(r, 100))
    const file = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f))
    if (!file || !(await ready())) continue
    const size = statSync(join(dir, file)).size
    if (size > 0 && size === lastSize) return join(dir, file)
    lastSize = size
  }
  throw new Error(`no complete heap snapshot appeared in ${dir}`)
}
