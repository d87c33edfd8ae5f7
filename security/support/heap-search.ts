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

/** The forms a data key's bytes may take in a heap snapshot's strings: latin1 (one character per byte), hex, base64. */
export function keyForms(key: Buffer): string[] {
  return [key.toString('latin1'), key.toString('hex'), key.toString('base64').replace(/=+$/, '')]
}

/**
 * How often any form of the recorded keys, and of the control key, occurs in a heap snapshot file (read
 * once: a snapshot is tens of megabytes).
 */
export function countKeysInHeap(
  file: string,
  recorded: { keys: readonly Buffer[]; control: Buffer },
): { keys: number; control: number } {
  const text = readFileSync(file).toString('latin1')
  const latin1 = (form: string) => Buffer.from(form, 'utf8').toString('latin1')
  const count = (keys: readonly Buffer[]) =>
    keys
      .flatMap(keyForms)
      .reduce((sum, form) => sum + text.split(latin1(JSON.stringify(form).slice(1, -1))).length - 1, 0)
  return { keys: count(recorded.keys), control: count([recorded.control]) }
}

/** The keys (and the control) a process run with record-random-keys.mjs wrote to `file`, unreversed. */
export function recordedKeys(file: string): { keys: Buffer[]; control: Buffer } {
  const lines = readFileSync(file, 'utf8').trim().split('\n')
  const unreversed = (line: string) => Buffer.from(line.split(' ')[1]!, 'hex').reverse()
  const control = lines.find((line) => line.startsWith('control '))
  if (!control) throw new Error(`${file} holds no control key`)
  return {
    keys: lines.filter((line) => line.startsWith('key ')).map(unreversed),
    control: unreversed(control),
  }
}
