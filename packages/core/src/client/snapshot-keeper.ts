import type { CipherName } from '../crypto/ciphers.js'
import type { KeyProvider } from '../crypto/key-provider.js'
import { BackendUnavailableError, ThrottledError, TimeoutError, ValidationError } from '../errors.js'
import type { ConfigEvents, Emitter } from './events.js'
import {
  assertSnapshotCapable,
  DEFAULT_SNAPSHOT_MAX_AGE,
  readSnapshot,
  type SnapshotBinding,
  type SnapshotContent,
  type SnapshotOptions,
  snapshotGeneration,
  writeSnapshot,
} from './snapshot.js'
import { SnapshotWrites } from './snapshot-writes.js'
import type { TreeReader } from './tree-reader.js'

export interface SnapshotStats {
  path: string
  /** Where the current configuration came from at the last load. */
  source: 'backend' | 'snapshot' | 'none'
  /** When the snapshot in use (loaded) or last written was made. */
  createdAt?: string
  /** The newest generation written or read here; an older file is refused as a rollback. */
  generation: number
  /** Loads that started from the snapshot because the backend was unavailable or throttled. */
  restores: number
  writes: number
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

  constructor(
    private readonly options: SnapshotOptions,
    private readonly provider: KeyProvider,
    private readonly binding: SnapshotBinding,
    /** The cache's cipher: new snapshots are sealed with it; reads use the one each file records. */
    private readonly cipher: CipherName,
    private readonly trees: TreeReader,
    private readonly emitter: Emitter<ConfigEvents>,
    private readonly now: () => number,
  ) {
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
  }

  /** Writes a change still waiting for its window (bounded), and stops the window's timer. */
  close(): Promise<void> {
    return this.#writes.close()
  }

  /** Runs a full load; on an unreachable backend, starts from the snapshot instead. */
  async load<T>(paths: readonly string[], run: () => Promise<T>): Promise<T> {
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
    const content = await this.#collect(paths)
    if (content) await this.#writes.offer(content)
    return result
  }

  private async restore<T>(cause: Error, run: () => Promise<T>): Promise<T> {
    let content: Awaited<ReturnType<typeof readSnapshot>>
    try {
      content = await readSnapshot(this.options.path, this.provider, this.binding, {
        maxAge: this.options.maxAge ?? DEFAULT_SNAPSHOT_MAX_AGE,
        minGeneration: this.state.generation,
        now: this.now,
      })
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') throw cause
      throw error
    }
    await this.trees.restore(content)
    this.#writes.restored(content)
    Object.assign(this.state, {
      source: 'snapshot',
      createdAt: content.createdAt,
      generation: content.generation,
      restores: this.state.restores + 1,
    })
    this.emitter.emit('snapshot', {
      action: 'loaded',
      path: this.options.path,
      createdAt: content.createdAt,
      entries: content.entries.length,
      reason: cause,
    })
    return run()
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
