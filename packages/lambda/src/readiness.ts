import {
  BackendUnavailableError,
  type ConfigClient,
  NotFoundError,
  NotLoadedError,
  type StandardSchemaV1,
  TimeoutError,
} from '@paramkit/core'
import { budgetOf, type RemainingTime, within } from './budget.js'
import { type LambdaConfig, lambdaConfig, type ReadKind } from './lambda-config.js'
import type { ResolvedLambdaOptions } from './options.js'

type Client = ConfigClient<StandardSchemaV1 | undefined>

/**
 * - loading: the init load runs (started when the wrapper was made, at module scope); invocations join it.
 * - ready:   loaded; each invocation looks at the keys it tracks before the handler.
 * - failed:  the init load failed; the next invocation loads again (within its budget) and throws the
 *            new failure, so an init load that timed out while the backend answered later is not replayed.
 * - idle:    after a failure was surfaced: the next invocation loads again.
 */
type State =
  | { name: 'loading'; init: Promise<void> }
  | { name: 'ready' }
  | { name: 'failed'; error: unknown }
  | { name: 'idle' }

const noop = () => undefined

/**
 * What both adapters share: the init-phase load, and the look before each invocation. Nothing here
 * depends on a timer firing across a freeze: freshness is judged by the cache's clock when an
 * invocation starts, and the only timer is the invocation's own budget.
 */
export class Readiness {
  readonly view: LambdaConfig
  /** Settles when the init load does; rejects with its error (never unhandled). */
  ready!: Promise<void>
  private state: State = { name: 'idle' }
  /** Keys read synchronously (and the required ones), with how they are read. */
  private readonly tracked = new Map<string, ReadKind>()
  /** A wait for due keys ended with a reload still running: it goes on in the background, unawaited. */
  private reloadOutlived = false

  constructor(
    private readonly client: Client,
    private readonly options: ResolvedLambdaOptions,
  ) {
    this.view = lambdaConfig(client, this.tracked)
    this.start()
  }

  /** Before the handler: the init load (within the budget), else due keys refreshed within it. */
  async prepare(context: RemainingTime | undefined): Promise<void> {
    const budget = budgetOf(context, this.options.marginMs)
    if (this.state.name === 'ready') return this.refreshDue(budget)
    if (this.state.name === 'idle' || this.state.name === 'failed') this.start()
    const state = this.state as Extract<State, { name: 'loading' }>
    try {
      if (!(await within(state.init, budget))) throw this.late(budget)
    } catch (error) {
      if (this.state.name === 'failed') this.state = { name: 'idle' }
      throw error
    }
  }

  private start(): void {
    const init = this.load().then(
      () => {
        this.state = { name: 'ready' }
      },
      (error: unknown) => {
        this.state = { name: 'failed', error }
        throw error
      },
    )
    init.catch(noop)
    this.state = { name: 'loading', init }
    this.ready = init
  }

  private async load(): Promise<void> {
    const { required } = this.options
    if (required.length === 0) {
      await this.client.load()
      return
    }
    await this.client.preload(required)
    const entries = await Promise.allSettled(required.map((key) => this.client.getEntry(key)))
    const missing: string[] = []
    let cause: unknown
    entries.forEach((result, i) => {
      const key = required[i]!
      if (result.status === 'fulfilled') {
        const { type, sensitive } = result.value
        this.tracked.set(key, sensitive || type === 'SecureString' || type === 'Secret' ? 'secret' : 'text')
      } else if (NotFoundError.is(result.reason)) {
        missing.push(key)
        cause ??= result.reason
      } else throw result.reason
    })
    if (missing.length > 0)
      throw new NotFoundError(
        `Required key${missing.length > 1 ? 's' : ''} ${missing.map((k) => `"${k}"`).join(', ')} not found at init (option: required); the handler does not run without ${missing.length > 1 ? 'them' : 'it'}`,
        { key: missing[0], backend: this.client.backendName, operation: 'load', cause },
      )
  }

  /**
   * Each tracked key is read as the handler reads it: a fresh one costs a lookup; a stale one answers
   * and starts one reload in the background, unless one is in flight (the cache's single flight: a load
   * started before a freeze is joined, never started twice). A key with no servable value is loaded within
   * the budget. With `waitMs`, a stale key's reload is waited for that long too, once: a reload still
   * running when that wait ended (then perhaps frozen) is not waited for again while a stale value serves.
   */
  private async refreshDue(budget: number): Promise<void> {
    const { waitMs } = this.options
    const staleBefore = waitMs > 0 ? this.client.stats().staleServed : 0
    const unservable: string[] = []
    for (const [key, kind] of this.tracked) {
      try {
        if (kind === 'secret') this.client.getSecretSync(key)
        else this.client.getOptionalSync(key)
      } catch (error) {
        if (NotLoadedError.is(error) || BackendUnavailableError.is(error)) unservable.push(key)
      }
    }
    // A failed load is reported by the client ('error' event) and by the handler's own read.
    if (unservable.length > 0) {
      await within(this.client.preload(unservable), budget).catch(noop)
      return
    }
    if (waitMs === 0) return
    const staleAfter = this.client.stats().staleServed
    if (staleAfter === staleBefore) {
      this.reloadOutlived = false
      return
    }
    if (this.reloadOutlived) return
    const done = await within(this.client.preload([...this.tracked.keys()]), Math.min(waitMs, budget)).catch(
      () => true,
    )
    this.reloadOutlived = !done || this.client.stats().staleServed > staleAfter
  }

  private late(budget: number): TimeoutError {
    return new TimeoutError(
      `paramkit: the configuration did not load within this invocation's budget (${budget} ms: the remaining time less marginMs); the load goes on and the next invocation joins it`,
      { backend: this.client.backendName, operation: 'load', ms: budget },
    )
  }
}
