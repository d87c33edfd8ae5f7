import { ValidationError } from '@paramkit/core'

export type PolicyUnit = 'Days' | 'Hours'

/** Parameter Store parameter policies (Advanced tier only), as paramkit accepts them. */
export type ParameterPolicy =
  /** Parameter Store deletes the parameter at `at`. */
  | { type: 'Expiration'; at: Date | string }
  /** An EventBridge "Parameter Store Policy Action" event `before` days or hours ahead of the expiration. */
  | { type: 'ExpirationNotification'; before: number; unit: PolicyUnit }
  /** An event when the parameter has not changed for `after` days or hours. */
  | { type: 'NoChangeNotification'; after: number; unit: PolicyUnit }

const TYPES = ['Expiration', 'ExpirationNotification', 'NoChangeNotification'] as const
const UNITS: readonly string[] = ['Days', 'Hours']

/**
 * Checks policies before any network call: known types, one of each, a valid future timestamp,
 * whole positive amounts in Days or Hours, and no Standard tier. Throws Validation naming the key and rule.
 */
export function validatePolicies(
  name: string,
  policies: unknown,
  context: { backend: string; tier?: string; now: number },
): ParameterPolicy[] {
  const fail = (rule: string, message: string): never => {
    throw new ValidationError(`Parameter "${name}": ${message} (rule: ${rule})`, {
      key: name,
      backend: context.backend,
      operation: 'put',
      rule,
    })
  }
  if (!Array.isArray(policies)) return fail('policies', 'policies must be an array')
  if (policies.length > 0 && context.tier === 'Standard')
    fail('policies-tier', 'parameter policies need the Advanced tier, not Standard')
  const seen = new Set<string>()
  for (const policy of policies as unknown[]) {
    const p = (typeof policy === 'object' && policy !== null ? policy : {}) as Record<string, unknown>
    const type = p.type as string
    if (!TYPES.includes(type as (typeof TYPES)[number]))
      fail('policy-type', `policy type must be one of ${TYPES.join(', ')}`)
    if (seen.has(type)) fail('policy-duplicate', `at most one ${type} policy`)
    seen.add(type)
    if (type === 'Expiration') {
      const at =
        p.at instanceof Date ? p.at.getTime() : typeof p.at === 'string' ? Date.parse(p.at) : Number.NaN
      if (Number.isNaN(at)) fail('policy-timestamp', 'Expiration needs `at`, a Date or an ISO 8601 timestamp')
      if (at <= context.now) fail('policy-timestamp', 'Expiration `at` must be in the future')
      continue
    }
    const amount = type === 'ExpirationNotification' ? p.before : p.after
    const field = type === 'ExpirationNotification' ? 'before' : 'after'
    if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 1)
      fail('policy-amount', `${type} needs \`${field}\`, a whole number of at least 1`)
    if (!UNITS.includes(p.unit as string)) fail('policy-unit', `${type} needs \`unit\`: Days or Hours`)
  }
  return policies as ParameterPolicy[]
}

/** The `Policies` string PutParameter takes, in the shape the Parameter Store guide documents. */
export function policiesJSON(policies: readonly ParameterPolicy[]): string {
  return JSON.stringify(
    policies.map((p) => {
      const Attributes =
        p.type === 'Expiration'
          ? { Timestamp: new Date(p.at).toISOString() }
          : p.type === 'ExpirationNotification'
            ? { Before: String(p.before), Unit: p.unit }
            : { After: String(p.after), Unit: p.unit }
      return { Type: p.type, Version: '1.0', Attributes }
    }),
  )
}

/** When an Expiration policy deletes the parameter, if it has one. */
export function expirationOf(policies: readonly ParameterPolicy[] | undefined): Date | undefined {
  const expiration = policies?.find((p) => p.type === 'Expiration')
  return expiration ? new Date(expiration.at) : undefined
}

/** The expiration in a policy text as DescribeParameters returns it (`PolicyText`); undefined when none or unreadable. */
export function expirationInPolicyText(text: unknown): Date | undefined {
  let policy: unknown = text
  if (typeof text === 'string') {
    try {
      policy = JSON.parse(text)
    } catch {
      return undefined
    }
  }
  const p = policy as { Type?: unknown; Attributes?: { Timestamp?: unknown } } | null
  if (p?.Type !== 'Expiration' || typeof p.Attributes?.Timestamp !== 'string') return undefined
  const at = Date.parse(p.Attributes.Timestamp)
  return Number.isNaN(at) ? undefined : new Date(at)
}
