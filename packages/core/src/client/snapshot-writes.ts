import type { SnapshotContent } from './snapshot.js'
import { ContentDigest } from './snapshot-digest.js'

/** How long `close()` waits for a pending snapshot write before it goes on closing. */
export const CLOSE_FLUSH_MS = 5_000

export interface SnapshotWriteSteps {
  /** Collects the newest content (from the cache) for a write at a window's end; undefined when it failed and was reported. */
  collect(): Promise<SnapshotContent | undefined>
  /** Seals and writes the content; true when written, false when the failure was reported. */
  write(content: SnapshotContent): Promise<boolean>
}

/**
 * Decides when the snapshot is written: only when the content differs from what was last written or
 * read (compared by keyed digest, so no plaintext is kept), and at most once per `debounceMs` window.
 * A change after a quiet window is written at once, inside the load that saw it; changes within the
 * window collapse into one write, at the window's end, of the content the cache holds then. The
 * window's timer is unref'd; `close()` clears it and writes what is pending, bounded by `CLOSE_FLUSH_MS`.
 */
export class SnapshotWrites {
  readonly #digest = new ContentDigest()
  /** Digest of the content the file holds as far as this process knows (last written or read). */
  #onDisk: string | undefined
  /** Runs decisions and writes one at a time, in the order loads finished. */
  #queue: Promise<void> = Promise.resolve()
  #window: NodeJS.Timeout | undefined
  /** A change seen inside the window, to write at its end. */
  #pending = false
  #closed = false

  constructor(
    private readonly debounceMs: number,
    private readonly steps: SnapshotWriteSteps,
  ) {}

  /** The file holds this content (just read from it): a load returning the same content writes nothing. */
  restored(content: SnapshotContent): void {
    this.#onDisk = this.#digest.of(content)
  }

  /**
   * A load collected this content; resolves once it is written, deferred, or found unchanged. A load
   * that finishes after `close()` began writes nothing.
   */
  offer(content: SnapshotContent): Promise<void> {
    if (this.#closed) return Promise.resolve()
    const digest = this.#digest.of(content)
    return this.#enqueue(async () => {
      if (digest === this.#onDisk) {
        // Back to what the file holds: a change waiting for the window's end no longer needs writing.
        this.#pending = false
        return
      }
      if (this.#window) {
        this.#pending = true
        return
      }
      await this.#write(content, digest)
    })
  }

  /** Clears the window and writes a pending change, waiting at most `CLOSE_FLUSH_MS` for it. */
  async close(): Promise<void> {
    if (this.#closed) return
    clearTimeout(this.#window)
    this.#window = undefined
    this.#closed = true
    if (this.#pending) this.#background(() => this.#flush())
    let bound: NodeJS.Timeout | undefined
    await Promise.race([
      this.#queue,
      new Promise<void>((resolve) => {
        bound = setTimeout(resolve, CLOSE_FLUSH_MS)
        bound.unref()
      }),
    ])
    clearTimeout(bound)
  }

  #enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(step)
    // Steps report their own failures; the queue never holds a rejection.
    this.#queue = run.catch(() => {})
    return run
  }

  /** A step nobody awaits: its steps report their own failures, so nothing is left to handle. */
  #background(step: () => Promise<void>): void {
    this.#enqueue(step).catch(() => {})
  }

  async #write(content: SnapshotContent, digest: string): Promise<void> {
    this.#pending = false
    // The window opens as the write starts: at most one write starts per window, and a failing disk
    // is tried at most once per window.
    this.#open()
    if (await this.steps.write(content)) this.#onDisk = digest
  }

  /** Writes the newest content, if it still differs from the file's. */
  async #flush(): Promise<void> {
    if (!this.#pending) return
    this.#pending = false
    const content = await this.steps.collect()
    if (!content) return
    const digest = this.#digest.of(content)
    if (digest !== this.#onDisk) await this.#write(content, digest)
  }

  #open(): void {
    if (this.debounceMs <= 0 || this.#closed) return
    this.#window = setTimeout(() => {
      this.#window = undefined
      if (this.#pending) this.#background(() => this.#flush())
    }, this.debounceMs)
    this.#window.unref()
  }
}
