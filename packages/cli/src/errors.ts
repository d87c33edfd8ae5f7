import { escapeControls, isParamkitError, type ParamkitError } from '@paramkit/core'
import { MissingPackageError } from './optional.js'

/** Bad input found before any backend call: exit code 2. */
export class UsageError extends Error {
  readonly hint: string | undefined
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'UsageError'
    this.hint = hint
  }
}

/**
 * Runs the checks of a command's input. Whatever they throw (a ValidationError for a bad name, an
 * unreadable fixture) is a usage error: nothing has been sent to a backend yet.
 */
export async function checkInput<T>(check: () => T | Promise<T>): Promise<T> {
  try {
    return await check()
  } catch (error) {
    // A missing optional peer is not bad input: it keeps its own install hint and exit code 1.
    if (error instanceof UsageError || error instanceof MissingPackageError) throw error
    throw new UsageError(messageOf(error), hintFor(error), { cause: error })
  }
}

const HINTS: Record<string, string> = {
  NOT_FOUND: "check --env, --service, --prefix and --fallback; 'paramkit ls' shows what exists",
  ACCESS_DENIED: "'paramkit doctor' names the missing permission and the policy line to add",
  THROTTLED: 'the account is over its API rate; wait and run again',
  VALIDATION: 'full names look like /env/service/key; relative keys resolve under --env and --service',
  KEY_STATE: 'enable the KMS key (or cancel its deletion), or re-encrypt the value under another key',
  INTEGRITY: 'a sealed value failed authentication; run again to reload it',
  BACKEND_UNAVAILABLE: "check AWS_REGION, the network and AWS_ENDPOINT_URL; 'paramkit doctor' checks each",
  SCHEMA: 'the loaded values do not match the schema',
}

const FIXTURE_HINT =
  'a fixture maps names (or nested levels) to strings, lists, or { "type", "value" } objects, as `paramkit pull` writes'

const RULE_HINTS: Record<string, string> = {
  'backend-name': 'use --backend ssm, secrets-manager, routed or memory:FILE',
  'template-variable': 'pass --env and --service (or set APP_ENV), or a --prefix without {placeholders}',
  json: FIXTURE_HINT,
  seed: FIXTURE_HINT,
}

const SDK_HINTS: Record<string, string> = {
  CredentialsProviderError:
    'no AWS credentials found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
  ExpiredTokenException:
    'the session token has expired: log in again (aws sso login, or refresh the credentials)',
  UnrecognizedClientException: 'the access key is not valid in this account and region',
  InvalidClientTokenId: 'the access key is not valid in this account and region',
}

/** What to do about an error, in one clause; an error's own `hint` wins. */
export function hintFor(error: unknown): string | undefined {
  const own = (error as { hint?: unknown } | undefined)?.hint
  if (typeof own === 'string' && own) return own
  if (isParamkitError(error)) {
    const permission = (error as ParamkitError & { permission?: string }).permission
    if (error.code === 'ACCESS_DENIED' && permission)
      return `allow ${permission} in the IAM policy ('paramkit doctor' prints the line)`
    const rule = (error as ParamkitError & { rule?: string }).rule
    const byRule = rule === undefined ? undefined : (RULE_HINTS[rule] ?? RULE_HINTS[rule.split('-')[0]!])
    if (byRule) return byRule
    // @paramkit/aws's set-up problems (region, credentials, endpoint) already end with what to do.
    if (/: (set|check) /.test(error.message)) return undefined
    return HINTS[error.code] ?? SDK_HINTS[nameOf(error.cause)]
  }
  const code = (error as { code?: unknown } | undefined)?.code
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR')
    return 'check the file path and its permissions'
  return SDK_HINTS[nameOf(error)]
}

function nameOf(error: unknown): string {
  return (error as { name?: unknown } | undefined)?.name?.toString() ?? ''
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}

/**
 * One line: the message and its hint. With `debug`, the stack and the chain of causes follow.
 * Messages of paramkit errors never hold a value, so this never prints a secret.
 */
export function formatError(error: unknown, debug: boolean): string {
  const hint = hintFor(error)
  const line = `error: ${oneLine(messageOf(error))}${hint ? ` (hint: ${hint})` : ''}`
  if (!debug) return `${line}\n`
  const parts = [line]
  let cause: unknown = error
  while (cause instanceof Error) {
    parts.push(cause.stack ?? `${cause.name}: ${cause.message}`)
    cause = cause.cause
  }
  return `${parts.join('\ncaused by: ')}\n`
}

/** One line, and no control character left to drive the terminal (a bad name may hold ESC or OSC). */
function oneLine(text: string): string {
  return escapeControls(text.replace(/\s*\n\s*/g, ' '))
}
