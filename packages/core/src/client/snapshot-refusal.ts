import { IntegrityError } from '../errors.js'
import { escapeControls } from '../escape-controls.js'

/**
 * Why a snapshot file was not used:
 * - `format`: not a snapshot file of this version (truncated, not JSON, fields missing);
 * - `cipher`: it names no known cipher;
 * - `binding`: made for another backend or prefix (another env or service);
 * - `authentication`: its data key or content failed authentication (tampered, truncated inside, sealed
 *   under another key, or for another cache namespace);
 * - `too-old`: older than `maxAge`;
 * - `rolled-back`: an older generation than one this process already wrote or read.
 */
export type SnapshotRefusal =
  | 'unreadable'
  | 'format'
  | 'cipher'
  | 'binding'
  | 'authentication'
  | 'too-old'
  | 'rolled-back'

/** A snapshot that cannot be trusted (code INTEGRITY); `reason` names the rule it failed. */
export class SnapshotRefusedError extends IntegrityError {
  readonly reason: SnapshotRefusal

  constructor(path: string, reason: SnapshotRefusal, why: string, cause?: unknown) {
    super(`Snapshot ${escapeControls(path)} refused: ${why}`, {
      operation: 'snapshot',
      ...(cause ? { cause } : {}),
    })
    this.reason = reason
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason }
  }
}
