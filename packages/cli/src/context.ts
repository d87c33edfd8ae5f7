import type { Backend } from '@paramkit/core/backend'
import type { AwsClient } from './aws.js'
import {
  type BackendChoice,
  type InjectedClients,
  openBackend,
  parseBackend,
  secretNames,
} from './backends.js'
import { checkInput } from './errors.js'
import { Hierarchy } from './hierarchy.js'
import { type CliIO, type Colour, colourer } from './io.js'

/** Options every command takes (see `paramkit --help`). */
export interface GlobalOptions {
  env?: string
  service?: string
  prefix?: string
  fallback?: string[]
  backend?: string
  region?: string
  routeSecrets?: string[]
  debug?: boolean
}

/** What a caller can replace: SDK clients (tests count calls with middleware) and push's backoff sleep. */
export interface CliDeps {
  /** `sts`: an STSClient from @aws-sdk/client-sts, for `doctor`. */
  clients?: InjectedClients & { sts?: AwsClient }
  sleep?: (ms: number) => Promise<void>
}

export interface Context {
  io: CliIO
  deps: CliDeps
  options: GlobalOptions
  hierarchy: Hierarchy
  choice: BackendChoice
  /** `--region`, else `AWS_REGION`, else `AWS_DEFAULT_REGION`; the SDK's own lookup after that. */
  region: string | undefined
  out: (colour: Colour, text: string) => string
  err: (colour: Colour, text: string) => string
  /** Opens the backend; call only once the input is checked. */
  open(): Promise<Backend>
}

/** Global options and environment (`PARAMKIT_BACKEND`, `APP_ENV`, `AWS_REGION`) to a context; bad input is a usage error. */
export function makeContext(options: GlobalOptions, io: CliIO, deps: CliDeps): Promise<Context> {
  return checkInput(() => {
    const env = options.env ?? (io.env.APP_ENV || undefined)
    const hierarchy = new Hierarchy({
      env,
      service: options.service,
      prefix: options.prefix,
      fallbacks: options.fallback ?? [],
    })
    const choice = parseBackend(
      options.backend ?? (io.env.PARAMKIT_BACKEND || 'ssm'),
      io.cwd ?? process.cwd(),
    )
    const region = options.region ?? (io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION || undefined)
    const routeSecrets = options.routeSecrets ?? []
    // Checked now, so a routed command without --route-secrets fails before any call.
    if (choice.kind === 'routed') secretNames(routeSecrets, hierarchy)
    return {
      io,
      deps,
      options: { ...options, ...(env ? { env } : {}) },
      hierarchy,
      choice,
      region,
      out: colourer(io.stdout, io.env),
      err: colourer(io.stderr, io.env),
      open: () =>
        checkInput(() =>
          openBackend(choice, {
            region,
            routeSecrets,
            hierarchy,
            ...(deps.clients ? { clients: deps.clients } : {}),
          }),
        ),
    }
  })
}
