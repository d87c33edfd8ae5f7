export type { CliDeps } from './context.js'
export type { CliIO, ExitStatus, OutputStream } from './io.js'
export { runCli } from './program.js'
