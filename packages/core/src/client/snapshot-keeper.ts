import type { CipherName } from '../crypto/ciphers.js'
import type { KeyProvider } from '../crypto/key-provider.js'
import { BackendUnavailableError, ThrottledError, TimeoutError } from '../errors.js'
import type { ConfigEvents, Emitter } from './events.js'
import {
  assertSnapshotCapable,
  DEFAULT_SNAPSHOT_MAX_AGE,
  readSnapshot,
  type SnapshotBinding,
  type SnapshotOptions,
  snapshotGeneration,
  writeSnapshot,
} from './snapshot.js'
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

/**
 * Keeps the sealed offline snapshot: written after every full load that reached the backend,
 * read when a load finds the backend unavailable or throttled.
 */
export class SnapshotKeeper {
  readonly state: SnapshotStats

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
    this.state = { path: options.path, source: 'none', restores: 0, writes: 0, generation: 0 }
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
    await this.write(paths)
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

  private async write(paths: readonly string[]): Promise<void> {
    try {
      const content = await this.trees.collect(paths)
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
    } catch (error) {
      // A snapshot that cannot be written must not fail the load it follows.
      this.emitter.emit('error', {
        key: this.options.path,
        error: error instanceof Error ? error : new Error(String(error)),
      })
    }
  }
}
