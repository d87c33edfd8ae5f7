import { IntegrityError } from '../errors.js'
import type { SnapshotContent } from './snapshot.js'
import type { SnapshotRefusal, SnapshotRefusedError } from './snapshot-refusal.js'
import { Revalidation, type RevalidationSteps } from './snapshot-revalidation.js'

/**
 * Why a warm boot did not happen: a refusal of the file (see SnapshotRefusal), or `key-unavailable`
 * when the key provider could not unwrap its data key (KMS key disabled, missing or not allowed,
 * KMS unreachable): the `error` event carries the provider's own error (KEY_STATE, ACCESS_DENIED,
 * BACKEND_UNAVAILABLE...).
 */
export type WarmBootReason = SnapshotRefusal | 'key-unavailable'

export interface WarmBootStats {
  /**
   * `pending`: no load yet; `booted`: the first load was served from the snapshot, with no backend call;
   * `missing`: there was no file, the backend answered; `refused`: the file was ignored (`reason`,
   * and an `error` event), the backend answered.
   */
  outcome: 'pending' | 'booted' | 'missing' | 'refused'
  reason?: WarmBootReason
  /** The window the booted keys are revalidated over. */
  revalidateMs: number
  /**
   * Where the booted values held now came from: `snapshot`, not yet confirmed by the backend (pending,
   * or their revalidation failed and the snapshot's value was kept); `backend`, revalidated since.
   */
  origins: { snapshot: number; backend: number }
  /** Revalidations that failed, keeping the snapshot's value. */
  failed: number
  /** Keys whose revalidation has not run yet. */
  pending: number
}

export interface WarmBootSteps extends RevalidationSteps {
  /** Reads and opens the snapshot (readSnapshot with the client's binding and checks). */
  read(): Promise<SnapshotContent & { createdAt: string; generation: number }>
  /** Puts the content into the cache. */
  restore(content: SnapshotContent): Promise<void>
  /** Reports a refused snapshot as an `error` event. */
  report(error: Error): void
  /** Reports the finished revalidation as a `refresh` event. */
  finished(names: string[], failed: number): void
}

/** The first load's attempt to start from the snapshot, and the background revalidation that follows. */
export class WarmBoot {
  #outcome: WarmBootStats['outcome'] = 'pending'
  #reason: WarmBootReason | undefined
  #revalidation: Revalidation | undefined
  #stopped = false

  constructor(
    private readonly revalidateMs: number,
    private readonly batchSize: number,
    private readonly steps: WarmBootSteps,
  ) {}

  /** The snapshot's content, restored into the cache and being revalidated; undefined when the backend must answer. */
  async boot(): Promise<(SnapshotContent & { createdAt: string; generation: number }) | undefined> {
    let content: Awaited<ReturnType<WarmBootSteps['read']>>
    try {
      content = await this.steps.read()
      // Restoring seals the values: a key provider that cannot (KMS throttled) refuses the boot, never the load.
      await this.steps.restore(content)
    } catch (error) {
      this.#refused(error)
      return undefined
    }
    this.#outcome = 'booted'
    if (this.#stopped) return content
    const names = content.entries.map((entry) => entry.name)
    this.#revalidation = new Revalidation(names, this.revalidateMs, this.batchSize, this.steps)
    this.#revalidation.start()
    return content
  }

  /** Whether values the boot served are still unconfirmed by the backend. */
  get servingSnapshot(): boolean {
    return this.#outcome === 'booted' && (this.#revalidation?.counts().snapshot ?? 0) > 0
  }

  stop(): void {
    this.#stopped = true
    this.#revalidation?.stop()
  }

  stats(): WarmBootStats {
    const counts = this.#revalidation?.counts() ?? { snapshot: 0, backend: 0, failed: 0, pending: 0 }
    return {
      outcome: this.#outcome,
      ...(this.#reason ? { reason: this.#reason } : {}),
      revalidateMs: this.revalidateMs,
      origins: { snapshot: counts.snapshot, backend: counts.backend },
      failed: counts.failed,
      pending: counts.pending,
    }
  }

  #refused(error: unknown): void {
    if ((error as { code?: unknown }).code === 'ENOENT') {
      this.#outcome = 'missing'
      return
    }
    this.#outcome = 'refused'
    this.#reason = reasonOf(error)
    this.steps.report(error instanceof Error ? error : new Error(String(error)))
  }
}

/** A file refusal names its rule; another Integrity failure came from unwrapping; the rest are the key's. */
function reasonOf(error: unknown): WarmBootReason {
  if (!IntegrityError.is(error)) return 'key-unavailable'
  return (error as Partial<SnapshotRefusedError>).reason ?? 'authentication'
}
