import type { KeyProvider } from '../crypto/key-provider.js'
import { BackendUnavailableError, ThrottledError } from '../errors.js'
import type { ConfigEvents, Emitter } from './events.js'
import { assertSnapshotCapable, readSnapshot, type SnapshotOptions, writeSnapshot } from './snapshot.js'
import type { TreeReader } from './tree-reader.js'

export interface SnapshotStats {
  path: string
  /** Where the current configuration came from at the last load. */
  source: 'backend' | 'snapshot' | 'none'
  /** When the snapshot in use (loaded) or last written was made. */
  createdAt?: string
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
    private readonly namespace: string,
    private readonly trees: TreeReader,
    private readonly emitter: Emitter<ConfigEvents>,
  ) {
    assertSnapshotCapable(provider)
    this.state = { path: options.path, source: 'none', restores: 0, writes: 0 }
  }

  /** Runs a full load; on an unreachable backend, starts from the snapshot instead. */
  async load<T>(paths: readonly string[], run: () => Promise<T>): Promise<T> {
    let result: T
    try {
      result = await run()
    } catch (error) {
      if (!(BackendUnavailableError.is(error) || ThrottledError.is(error))) throw error
      return this.restore(error, run)
    }
    this.state.source = 'backend'
    await this.write(paths)
    return result
  }

  private async restore<T>(cause: Error, run: () => Promise<T>): Promise<T> {
    let content: Awaited<ReturnType<typeof readSnapshot>>
    try {
      content = await readSnapshot(this.options.path, this.provider, this.namespace)
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') throw cause
      throw error
    }
    await this.trees.restore(content)
    Object.assign(this.state, {
      source: 'snapshot',
      createdAt: content.createdAt,
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
      const createdAt = await writeSnapshot(this.options.path, this.provider, this.namespace, content)
      Object.assign(this.state, { createdAt, writes: this.state.writes + 1 })
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
