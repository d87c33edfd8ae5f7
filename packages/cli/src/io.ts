import { escapeControls } from '@paramkit/core'

/** A stream the CLI writes to: `process.stdout` / `process.stderr`, or a buffer in tests. */
export interface OutputStream {
  write(text: string): unknown
  isTTY?: boolean
}

/** Where the CLI reads its environment and writes its output. `runCli` takes one; the bin passes `process`'s. */
export interface CliIO {
  stdout: OutputStream
  stderr: OutputStream
  env: Readonly<Record<string, string | undefined>>
  /** Base for relative file paths. Default `process.cwd()`. */
  cwd?: string
}

/** How the process should end: with `code`, or by re-raising `signal` (a child of `exec` was killed by it). */
export interface ExitStatus {
  code: number
  signal?: NodeJS.Signals
}

export const EXIT = { ok: 0, runtime: 1, usage: 2 } as const

const codes = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1, cyan: 36 } as const
export type Colour = keyof typeof codes

/** Colour follows the stream: on only for a TTY, off whenever `NO_COLOR` is set (any value but empty). */
export function colourer(stream: OutputStream, env: CliIO['env']): (colour: Colour, text: string) => string {
  const on = !env.NO_COLOR && (env.FORCE_COLOR ? env.FORCE_COLOR !== '0' : stream.isTTY === true)
  return on ? (colour, text) => `\u001b[${codes[colour]}m${text}\u001b[0m` : (_, text) => text
}

/**
 * Plain-text columns, padded to the widest cell. Cells are names and values from a backend: their control
 * characters (ESC, newlines, C1) are escaped, so no parameter can drive the operator's terminal.
 */
export function table(input: readonly (readonly string[])[]): string {
  if (input.length === 0) return ''
  const rows = input.map((r) => r.map(escapeControls))
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)))
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

/** `--json` output: one document, two-space indented, ending in a newline. */
export function writeJSON(io: CliIO, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}
