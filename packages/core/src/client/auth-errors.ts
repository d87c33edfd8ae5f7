/** Error codes drivers use for a refused credential: PostgreSQL, MySQL/MariaDB, SQL Server, MongoDB, Redis. */
const AUTH_CODES = new Set([
  '28P01',
  '28000',
  'ER_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ELOGIN',
  18,
  'WRONGPASS',
  'NOAUTH',
])

/**
 * Whether an error means "the credential was refused": a known driver code, an HTTP 401,
 * or a message saying authentication failed. Pass your own to `withFreshSecret` for anything else.
 */
export function isAuthenticationError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const e = error as { code?: unknown; status?: unknown; statusCode?: unknown; message?: unknown }
  if (AUTH_CODES.has(e.code as string)) return true
  if (e.status === 401 || e.statusCode === 401) return true
  return (
    typeof e.message === 'string' &&
    /password authentication failed|authentication failed|access denied for user|invalid password|WRONGPASS/i.test(
      e.message,
    )
  )
}
