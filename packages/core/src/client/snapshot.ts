import { readFile } from 'node:fs/promises'
import { writeFileAtomic } from '../atomic-write.js'
import type { Entry } from '../backend.js'
import { aeadFor, CIPHER_NAMES, type CipherName, isCipherName } from '../crypto/ciphers.js'
import type { KeyProvider } from '../crypto/key-provider.js'
import { open, type SealContext, seal } from '../crypto/seal.js'
import { IntegrityError, ValidationError } from '../errors.js'
import { escapeControls } from '../escape-controls.js'
import { type SnapshotRefusal, SnapshotRefusedError } from './snapshot-refusal.js'

export interface SnapshotOptions {
  /** File holding the last good configuration, sealed under the key provider. */
  path: string
  /** Milliseconds after which a snapshot is too old to start from. Default 24 hours. */
  maxAge?: number
  /**
   * The file is written only when a load's content (listings, names, versions, values) differs from
   * what it holds, and at most once per this many milliseconds: a change after a quiet window is
   * written within the load that saw it; further changes inside the window make one write, at its
   * end, of the newest content. `close()` writes a change still waiting. 0 writes every change at
   * once. Default 1000.
   */
  writeDebounceMs?: number
  /**
   * Start from the snapshot: the first `load()` serves a snapshot younger than `maxAge` with no backend
   * call, then each key is revalidated in the background over `revalidateMs`. A snapshot that is
   * missing, refused (an `error` event says why) or unreadable leaves the load to the backend. Default false.
   */
  warmBoot?: boolean
  /**
   * With `warmBoot`: milliseconds over which the booted keys are revalidated, in batches at jittered
   * times, through the normal read path. Default 30 000 (30 s).
   */
  revalidateMs?: number
  /**
   * false: the file is only read (warm boot, or a restore when the backend is unreachable), never written:
   * a snapshot shipped read-only inside a Lambda package or a container image. Default true.
   */
  write?: boolean
}

export const DEFAULT_SNAPSHOT_MAX_AGE = 24 * 60 * 60 * 1000
/** Default `snapshot.revalidateMs`: inside the cache's default 60 s TTL, so booted values are checked before they expire. */
export const DEFAULT_REVALIDATE_MS = 30_000

/** Where a snapshot belongs: bound into its seal, so another service's snapshot never opens. */
export interface SnapshotBinding {
  /** The cache namespace (default `paramkit:<backend>`). */
  namespace: string
  backend: string
  /** The service's resolved prefix, e.g. `/prod/order-api`. */
  prefix: string
}

/** What a reader requires of a snapshot beyond its seal. */
export interface SnapshotChecks {
  maxAge: number
  /** Lowest generation accepted: the newest this process has written or read. */
  minGeneration: number
  now?: () => number
}

/** What a snapshot restores: every entry of the last full load and the names under each level. */
export interface SnapshotContent {
  entries: Entry[]
  listings: Record<string, string[]>
}

interface SnapshotFile {
  format: typeof FORMAT
  createdAt: string
  /** Counts writes of this snapshot, so an older file copied over a newer one can be told. */
  generation: number
  backend: string
  prefix: string
  /** The AEAD that sealed the content; absent in files from before it was recorded (XChaCha20-Poly1305). */
  cipher?: CipherName
  wrappedKey: string
  nonce: string
  ciphertext: string
}

type StoredEntry = Omit<Entry, 'value' | 'lastModified' | 'rotatesAt' | 'expiresAt'> & {
  value: string
  binary?: true
  lastModified?: string
  rotatesAt?: string
  expiresAt?: string
}

const FORMAT = 'paramkit-snapshot/2'
/** What a format-2 file without a `cipher` field was sealed with. */
const LEGACY_CIPHER: CipherName = 'xchacha20-poly1305'
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')
const unb64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'))

export function assertSnapshotCapable(provider: KeyProvider): void {
  if (!provider.snapshotKey || !provider.unwrapSnapshotKey) {
    throw new ValidationError(
      `The ${provider.name} key provider cannot wrap snapshot keys: use kmsKeyProvider() or localKeyProvider({ masterKey }) (rule: snapshot-key-provider)`,
      { operation: 'snapshot', rule: 'snapshot-key-provider' },
    )
  }
}

/**
 * Seals the content under a fresh data key with `stamp.cipher` (one AEAD over the whole payload, bound
 * to the format, cipher, namespace, backend, prefix, creation time and generation) and writes it
 * atomically (writeFileAtomic: an exclusive temp file, fsync, rename; mode 0600). The file holds the cipher's name, the wrapped key and ciphertext.
 */
export async function writeSnapshot(
  path: string,
  provider: KeyProvider,
  binding: SnapshotBinding,
  content: SnapshotContent,
  stamp: { generation: number; cipher: CipherName; now?: () => number },
): Promise<{ createdAt: string; generation: number }> {
  const { generation, cipher } = stamp
  const { nonceBytes } = aeadFor(cipher)
  const { key, wrapped } = await provider.snapshotKey!()
  const createdAt = new Date((stamp.now ?? Date.now)()).toISOString()
  const stored = { listings: content.listings, entries: content.entries.map(storeEntry) }
  const plaintext = new TextEncoder().encode(JSON.stringify(stored))
  const { sealed } = seal(plaintext, key, sealContext(binding, createdAt, generation, cipher), cipher)
  plaintext.fill(0)
  key.fill(0)
  const file: SnapshotFile = {
    format: FORMAT,
    createdAt,
    generation,
    backend: binding.backend,
    prefix: binding.prefix,
    cipher,
    wrappedKey: b64(wrapped),
    nonce: b64(sealed.subarray(0, nonceBytes)),
    ciphertext: b64(sealed.subarray(nonceBytes)),
  }
  await writeFileAtomic(path, JSON.stringify(file), { mode: 0o600 })
  return { createdAt, generation }
}

/** The generation written in a snapshot file, unverified (for numbering the next write); 0 when none. */
export async function snapshotGeneration(path: string): Promise<number> {
  try {
    const generation = (JSON.parse(await readFile(path, 'utf8')) as Partial<SnapshotFile>).generation
    return Number.isSafeInteger(generation) ? (generation as number) : 0
  } catch {
    return 0
  }
}

/**
 * Reads and opens a snapshot with the cipher it records, whatever this process's cache uses.
 * IntegrityError when it names no known cipher, was altered, sealed under another key, made for
 * another namespace, backend or prefix, older than `maxAge`, or of an older generation than `minGeneration`.
 */
export async function readSnapshot(
  path: string,
  provider: KeyProvider,
  binding: SnapshotBinding,
  checks: SnapshotChecks,
): Promise<SnapshotContent & { createdAt: string; generation: number }> {
  const refuse = (reason: SnapshotRefusal, why: string, cause?: unknown) =>
    new SnapshotRefusedError(path, reason, why, cause)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (cause) {
    const code = (cause as { code?: string }).code
    if (code === 'ENOENT') throw cause
    throw refuse('unreadable', `the file cannot be read (${code ?? 'unknown error'})`, cause)
  }
  let file: SnapshotFile
  try {
    file = JSON.parse(text) as SnapshotFile
  } catch (cause) {
    throw refuse('format', 'not a snapshot file', cause)
  }
  if (
    file?.format !== FORMAT ||
    typeof file.ciphertext !== 'string' ||
    typeof file.wrappedKey !== 'string' ||
    !Number.isSafeInteger(file.generation)
  ) {
    throw refuse('format', 'not a snapshot file of this version')
  }
  if (file.cipher !== undefined && !isCipherName(file.cipher)) {
    // The name is not echoed: the file is untrusted input.
    throw refuse(
      'cipher',
      `its cipher field names no known cipher (one of ${CIPHER_NAMES.join(', ')}) (rule: cipher)`,
    )
  }
  if (file.backend !== binding.backend || file.prefix !== binding.prefix) {
    // The file's own fields are not echoed: unauthenticated, they could carry newlines or terminal codes.
    throw refuse(
      'binding',
      `it was made for another backend or prefix, not ${escapeControls(binding.prefix || '/')} on ${escapeControls(binding.backend)} (rule: binding)`,
    )
  }
  const plaintext = await openFile(file, provider, binding, refuse)
  // Authenticated now: createdAt and generation are bound into the seal.
  const age = (checks.now ?? Date.now)() - Date.parse(file.createdAt)
  if (!(age <= checks.maxAge)) {
    plaintext.fill(0)
    throw refuse('too-old', `it was made ${file.createdAt}, older than maxAge (${checks.maxAge} ms)`)
  }
  if (file.generation < checks.minGeneration) {
    plaintext.fill(0)
    throw refuse(
      'rolled-back',
      `its generation ${file.generation} is older than generation ${checks.minGeneration}, already written or read here (rolled back)`,
    )
  }
  const stored = JSON.parse(new TextDecoder().decode(plaintext)) as {
    listings: Record<string, string[]>
    entries: StoredEntry[]
  }
  plaintext.fill(0)
  return {
    createdAt: file.createdAt,
    generation: file.generation,
    listings: stored.listings,
    entries: stored.entries.map(loadEntry),
  }
}

async function openFile(
  file: SnapshotFile,
  provider: KeyProvider,
  binding: SnapshotBinding,
  refuse: (reason: SnapshotRefusal, why: string, cause?: unknown) => IntegrityError,
): Promise<Uint8Array> {
  let key: Uint8Array
  try {
    key = await provider.unwrapSnapshotKey!(unb64(file.wrappedKey))
  } catch (cause) {
    if (IntegrityError.is(cause))
      throw refuse('authentication', 'its data key was wrapped under another key or altered', cause)
    throw cause
  }
  try {
    const sealed = Buffer.concat([unb64(file.nonce), unb64(file.ciphertext)])
    const box = { keyId: 'snapshot', cipher: file.cipher ?? LEGACY_CIPHER, sealed }
    return open(box, key, sealContext(binding, file.createdAt, file.generation, file.cipher))
  } catch (cause) {
    throw refuse('authentication', 'its content failed authentication', cause)
  } finally {
    key.fill(0)
  }
}

/**
 * The AAD. A recorded cipher is bound in, so editing or deleting the field fails authentication; a
 * file from before the field existed (cipher undefined) keeps its original AAD and still opens.
 */
function sealContext(
  binding: SnapshotBinding,
  createdAt: string,
  generation: number,
  cipher: CipherName | undefined,
): SealContext {
  const slot = [FORMAT, binding.backend, binding.prefix]
  return {
    namespace: binding.namespace,
    key: JSON.stringify(cipher === undefined ? slot : [...slot, cipher]),
    version: JSON.stringify([createdAt, generation]),
    keyId: 'snapshot',
  }
}

function storeEntry(entry: Entry): StoredEntry {
  const { value, lastModified, rotatesAt, expiresAt, ...rest } = entry
  return {
    ...rest,
    ...(typeof value === 'string' ? { value } : { value: b64(value), binary: true as const }),
    ...(lastModified ? { lastModified: lastModified.toISOString() } : {}),
    ...(rotatesAt ? { rotatesAt: rotatesAt.toISOString() } : {}),
    ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
  }
}

function loadEntry(stored: StoredEntry): Entry {
  const { value, binary, lastModified, rotatesAt, expiresAt, ...rest } = stored
  return {
    ...rest,
    value: binary ? unb64(value) : value,
    ...(lastModified ? { lastModified: new Date(lastModified) } : {}),
    ...(rotatesAt ? { rotatesAt: new Date(rotatesAt) } : {}),
    ...(expiresAt ? { expiresAt: new Date(expiresAt) } : {}),
  }
}
