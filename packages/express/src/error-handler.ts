import type { IncomingMessage, ServerResponse } from 'node:http'
import { errorLogLine, errorResponse } from '@paramkit/core'

export interface ErrorHandlerOptions {
  /**
   * Called with every error and a one-line description safe to log: a paramkit error's name, code, key and
   * message (scrubbed of secrets by core, control characters escaped), or another error's name only.
   * Default: `console.error(detail)`.
   */
  log?: (error: unknown, detail: string) => void
}

/**
 * An Express error handler that never echoes a secret, nor any error's message: a paramkit error answers
 * with its code and a generic sentence (500, or 503 when the backend is unavailable), any other error with
 * `INTERNAL`. The detail goes to the log.
 */
export function paramkitErrorHandler(options: ErrorHandlerOptions = {}) {
  const log = options.log ?? ((_error: unknown, detail: string) => console.error(detail))
  return function paramkitErrors(
    error: unknown,
    _req: IncomingMessage,
    res: ServerResponse,
    next: (e?: unknown) => void,
  ): void {
    log(error, errorLogLine(error))
    if (res.headersSent) {
      next(error)
      return
    }
    const { status, body } = errorResponse(error)
    res.statusCode = status
    res.setHeader('content-type', 'application/json; charset=utf-8')
    res.end(JSON.stringify(body))
  }
}
