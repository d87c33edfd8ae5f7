import type { BackendCapabilities } from '@paramkit/core/backend'
import type { SuiteContext } from './context.js'

/** One conformance group: a describe block of tests, and the capabilities it needs. */
export interface ConformanceGroup {
  /** The describe block's title, e.g. `reads` or `list (one level)`. */
  name: string
  /** Why a backend without the capability leaves this group out; undefined when it applies. */
  needs?: (capabilities: BackendCapabilities) => string | undefined
  /** Registers the group's tests with `ctx.test`. */
  register(ctx: SuiteContext): void
}
