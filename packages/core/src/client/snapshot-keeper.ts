import type { CipherName } from '../crypto/ciphers.js'
import type { KeyProvider } from '../crypto/key-provider.js'
import { BackendUnavailableError, ThrottledError, TimeoutError, ValidationError } from '../errors.js'
import type { ConfigEvents, Emitter } from './events.js'
import {
  assertSnapshotCapable,
  DEFAULT_REVALIDATE_MS,
  DEFAULT_SNAPSHOT_MAX_AGE,
  readSnapshot,
  type SnapshotBinding,
  type SnapshotContent,
  type SnapshotOptions,
  snapshotGeneration,
  writeSnapshot,
} from './snapshot.js'
import { checkSnapshotOptions } from './snapshot-options.js'
import { SnapshotWrites } from './snapshot-writes.js'
import type { TreeReader } from './tree-reader.js'
import { WarmBoot, type WarmBootStats } from './warm-boot.js'

export interface SnapshotStats {
  path: string
  /**
   * Where the current configuration came from: `snapshot` after a restore, and after a warm boot until
   * every booted key has been revalidated; `backend` after a load that reached it; `none` before a load.
   */
  source: 'backend' | 'snapshot' | 'none'
  /** When the snapshot in use (loaded) or last written was made. */
  createdAt?: string
  /** The newest generation written or read here; an older file is refused as a rollback. */
  generation: number
  /** Loads that started from the snapshot because the backend was unavailable or throttled. */
  restores: number
  writes: number
  /** With `warmBoot`: whether the first load started from the file, and how its revalidation is going. */
  warmBoot?: WarmBootStats
}

/** What warm boot needs of the client: its read path and its randomness. */
export interface WarmBootDeps {
  /** Re-reads one full name through the normal read path (budgets, circuit); true when answered. */
  refresh(name: string): Promise<boolean>
  random(): number
  /** Names per backend call (the backend's `capabilities.batchSize`). */
  batchSize: number
}

/** Default `snapshot.writeDebounceMs`. */
export const DEFAULT_SNAPSHOT_WRITE_DEBOUNCE_MS = 1_000

/**
 * Keeps the sealed offline snapshot: written after a full load whose content differs from the file's
 * (at most once per `writeDebounceMs`, see SnapshotWrites), read when a load finds the backend
 * unavailable or throttled.
 */
export class SnapshotKeeper {
  readonly state: SnapshotStats
  readonly #writes: SnapshotWrites
  /** The levels the last load covered, collected again for a write at a window's end. */
  #paths: readonly string[] = []
  readonly #warm: WarmBoot | undefined
  /** The first load's warm boot: true when it served the snapshot. Later loads wait for it, then read as usual. */
  #boot: Promise<boolean> | undefined
  #loadSeen = false

  constructor(
    private readonly options: SnapshotOptions,
    private readonly provider: KeyProvider,
    private readonly binding: SnapshotBinding,
    /** The cache's cipher: new snapshots are sealed with it; reads use the one each file records. */
    private readonly cipher: CipherName,
    private readonly trees: TreeReader,
    private readonly emitter: Emitter<ConfigEvents>,
    private readonly now: () => number,
    warm?: WarmBootDeps,
  ) {
    checkSnapshotOptions(options)
    assertSnapshotCapable(provider)
    const debounceMs = options.writeDebounceMs ?? DEFAULT_SNAPSHOT_WRITE_DEBOUNCE_MS
    if (!(Number.isFinite(debounceMs) && debounceMs >= 0)) {
      throw new ValidationError(
        'snapshot.writeDebounceMs must be a finite number of milliseconds, 0 or more (rule: snapshot-write-debounce)',
        { operation: 'snapshot', rule: 'snapshot-write-debounce' },
      )
    }
    this.state = { path: options.path, source: 'none', restores: 0, writes: 0, generation: 0 }
    this.#writes = new SnapshotWrites(debounceMs, {
      collect: () => this.#collect(this.#paths),
      write: (content) => this.#write(content),
    })
    this.#warm =
      options.warmBoot && warm
        ? new WarmBoot(options.revalidateMs ?? DEFAULT_REVALIDATE_MS, warm.batchSize, {
            read: () => this.#read(),
            restore: (content) => this.trees.restore(content),
            report: (error) => this.#report(error),
            finished: (names, failed) => {
              // Every booted value is the backend's now (unless a restore has happened since).
              if (failed === 0 && this.state.restores === 0) this.state.source = 'backend'
              this.emitter.emit('refresh', { names, failed })
            },
            refresh: warm.refresh,
            now: this.now,
            random: warm.random,
          })
        : undefined
  }

  stats(): SnapshotStats {
    if (!this.#warm) return { ...this.state }
    const warmBoot = this.#warm.stats()
    const source = this.#warm.servingSnapshot ? 'snapshot' : this.state.source
    return { ...this.state, source, warmBoot }
  }

  /** Stops revalidation, writes a change still waiting for its window (bounded), and stops the window's timer. */
  close(): Promise<void> {
    this.#warm?.stop()
    return this.#writes.close()
  }

  /**
   * Runs a full load. The first one, with `warmBoot`, is served from a snapshot younger than `maxAge`
   * without calling the backend. On an unreachable backend, starts from the snapshot instead.
   */
  async load<T>(paths: readonly string[], run: () => Promise<T>): Promise<T> {
    if (this.#warm) {
      const first = !this.#loadSeen
      this.#loadSeen = true
      if ((await this.bootOnce()) && first) {
        this.#paths = paths
        return run()
      }
    }
    let result: T
    try {
      result = await run()
    } catch (error) {
      if (!(BackendUnavailableError.is(error) || ThrottledError.is(error) || TimeoutError.is(error)))
        throw error
      return this.restore(error, run)
    }
    this.state.source = 'backend'
    this.#paths = paths
    if (this.options.write === false) return result
    const content = await this.#collect(paths)
    if (content) await this.#writes.offer(content)
    return result
  }

  /**
   * With `warmBoot`: starts from the snapshot once, on the first `load()` or `preload(keys)` (a Lambda
   * wrapper with `required` preloads), and says whether it did; false without `warmBoot`.
   */
  bootOnce(): Promise<boolean> {
    if (!this.#warm) return Promise.resolve(false)
    this.#boot ??= this.#bootFrom(this.#warm)
    return this.#boot
  }

  async #bootFrom(warm: WarmBoot): Promise<boolean> {
    const content = await warm.boot()
    if (!content) return false
    this.#restored(content, 'booted')
    return true
  }

  #read(): ReturnType<typeof readSnapshot> {
    return readSnapshot(this.options.path, this.provider, this.binding, {
      maxAge: this.options.maxAge ?? DEFAULT_SNAPSHOT_MAX_AGE,
      minGeneration: this.state.generation,
      now: this.now,
    })
  }

  private async restore<T>(cause: Error, run: () => Promise<T>): Promise<T> {
    let content: Awaited<ReturnType<typeof readSnapshot>>
    try {
      content = await this.#read()
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') throw cause
      throw error
    }
    await this.trees.restore(content)
    this.#restored(content, 'loaded', cause)
    this.state.restores++
    return run()
  }

  /** The cache holds the file's content now (restored, or booted): recorded, and announced. */
  #restored(content: Awaited<ReturnType<typeof readSnapshot>>, action: 'loaded' | 'booted', reason?: Error) {
    this.#writes.restored(content)
    Object.assign(this.state, {
      source: 'snapshot',
      createdAt: content.createdAt,
      generation: content.generation,
    })
    this.emitter.emit('snapshot', {
      action,
      path: this.options.path,
      createdAt: content.createdAt,
      entries: content.entries.length,
      ...(reason ? { reason } : {}),
    })
  }

  /** The content to write, from the cache; undefined (reported) when it cannot be read. */
  async #collect(paths: readonly string[]): Promise<SnapshotContent | undefined> {
    try {
      return await this.trees.collect(paths)
    } catch (error) {
      this.#report(error)
      return undefined
    }
  }

  async #write(content: SnapshotContent): Promise<boolean> {
    try {
      const next = Math.max(this.state.generation, await snapshotGeneration(this.options.path)) + 1
      const { createdAt, generation } = await writeSnapshot(
        this.options.path,
        this.provider,
        this.binding,
        content,
        { generation: next, cipher: this.cipher, now: this.now },
      )
      Object.assign(this.state, { createdAt, generation, writes: this.state.writes + 1 })
      this.emitter.emit('snapshot', {
        action: 'written',
        path: this.options.path,
        createdAt,
        entries: content.entries.length,
      })
      return true
    } catch (error) {
      this.#report(error)
      return false
    }
  }

  /** A snapshot that cannot be collected or written must not fail the load it follows. */
  #report(error: unknown): void {
    this.emitter.emit('error', {
      key: this.options.path,
      error: error instanceof Error ? error : new Error(String(error)),
    })
  }
}
