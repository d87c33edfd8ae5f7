import { isParamkitError } from './errors.js'
import { escapeControls } from './escape-controls.js'

// NOT_LOADED: a sync read of a key the app never loaded; the configuration is not ready for it.
const UNAVAILABLE = new Set(['BACKEND_UNAVAILABLE', 'THROTTLED', 'KEY_STATE', 'TIMEOUT', 'NOT_LOADED'])

/**
 * What an HTTP error handler answers for an error: its code and a generic sentence, never its message
 * (a configuration error's detail belongs in the log: `errorLogLine`). 503 when the backend is unavailable.
 */
export function errorResponse(error: unknown): {
  status: number
  body: { error: string; message: string }
} {
  const code = isParamkitError(error) ? error.code : undefined
  if (code === undefined)
    return { status: 500, body: { error: 'INTERNAL', message: 'Internal Server Error' } }
  if (UNAVAILABLE.has(code))
    return { status: 503, body: { error: code, message: 'Configuration is unavailable; try again later' } }
  return {
    status: 500,
    body: { error: code, message: 'Configuration error; the details are in the server log' },
  }
}

/**
 * One log line for an error: a paramkit error's name, code, key and message (core's messages hold no value;
 * schema messages are scrubbed), control characters escaped; any other error's name only (its message may
 * hold anything).
 */
export function errorLogLine(error: unknown): string {
  if (!isParamkitError(error)) return `request failed: ${error instanceof Error ? error.name : typeof error}`
  const key = error.key === undefined ? '' : ` key=${JSON.stringify(error.key)}`
  return `request failed: ${error.name} (${error.code})${key}: ${escapeControls(error.message)}`
}
