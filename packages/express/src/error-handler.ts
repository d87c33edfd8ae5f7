import type { IncomingMessage, ServerResponse } from 'node:http'
import { isParamkitError } from '@paramkit/core'

export interface ErrorHandlerOptions {
  /** Called with every error, for your logger. paramkit errors carry no values; others may. */
  log?: (error: unknown) => void
}

// NOT_LOADED: a sync read of a key the app never loaded; the configuration is not ready for it.
const UNAVAILABLE = new Set(['BACKEND_UNAVAILABLE', 'THROTTLED', 'KEY_STATE', 'NOT_LOADED'])

/**
 * An Express error handler that never echoes a secret: paramkit errors answer with their code,
 * key and value-free message; any other error answers with a fixed message, whatever it said.
 */
export function paramkitErrorHandler(options: ErrorHandlerOptions = {}) {
  return function paramkitErrors(
    error: unknown,
    _req: IncomingMessage,
    res: ServerResponse,
    next: (e?: unknown) => void,
  ): void {
    options.log?.(error)
    if (res.headersSent) {
      next(error)
      return
    }
    const body = isParamkitError(error)
      ? { error: error.code, message: error.message, key: error.key }
      : { error: 'INTERNAL', message: 'Internal Server Error' }
    res.statusCode = isParamkitError(error) && UNAVAILABLE.has(error.code) ? 503 : 500
    res.setHeader('content-type', 'application/json; charset=utf-8')
    res.end(JSON.stringify(body))
  }
}
