/**
 * Which variables `exec` may set from parameters. A parameter is often writable by more teams than the
 * service (a fallback level such as /shared), so names that change how the child runs are refused unless
 * `--allow-env NAME` lists them, and a variable already set in the environment is kept unless `--override`.
 */

/** Names that load code, change where programs and libraries are found, or route the child's traffic. */
const DANGEROUS = new Set([
  'PATH',
  'NODE_OPTIONS',
  'NODE_PATH',
  'NODE_EXTRA_CA_CERTS',
  'BASH_ENV',
  'ENV',
  'SHELLOPTS',
  'PS4',
  'IFS',
  'PYTHONPATH',
  'PYTHONSTARTUP',
  'PYTHONHOME',
  'PERL5LIB',
  'PERL5OPT',
  'RUBYOPT',
  'RUBYLIB',
  'JAVA_TOOL_OPTIONS',
  '_JAVA_OPTIONS',
  'JDK_JAVA_OPTIONS',
])
const DANGEROUS_PREFIXES = ['LD_', 'DYLD_']
const DANGEROUS_SUFFIXES = ['_PROXY']

/** Whether a parameter may not set `name` without `--allow-env` (the check ignores case: http_proxy too). */
export function isDangerousEnvName(name: string): boolean {
  const upper = name.toUpperCase()
  return (
    DANGEROUS.has(upper) ||
    DANGEROUS_PREFIXES.some((p) => upper.startsWith(p)) ||
    DANGEROUS_SUFFIXES.some((s) => upper.endsWith(s))
  )
}

export interface EnvPlan {
  /** The variables the child gets from parameters. */
  set: Record<string, string>
  /** Dangerous names not allowed, with the parameter each came from. */
  refused: { name: string; parameter: string }[]
  /** Names already in the environment, kept (no `--override`), with the parameter that would have set each. */
  skipped: { name: string; parameter: string }[]
}

/** Decides, for each variable a parameter would set, whether it is set, refused or skipped. */
export function planEnv(
  vars: ReadonlyMap<string, { value: string; parameter: string }>,
  current: NodeJS.ProcessEnv,
  options: { allow: readonly string[]; override: boolean },
): EnvPlan {
  const allowed = new Set(options.allow.map((name) => name.toUpperCase()))
  const plan: EnvPlan = { set: Object.create(null) as Record<string, string>, refused: [], skipped: [] }
  for (const [name, { value, parameter }] of vars) {
    if (isDangerousEnvName(name) && !allowed.has(name.toUpperCase())) plan.refused.push({ name, parameter })
    else if (current[name] !== undefined && !options.override) plan.skipped.push({ name, parameter })
    else plan.set[name] = value
  }
  return plan
}
