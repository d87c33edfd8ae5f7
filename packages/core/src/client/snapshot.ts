import { randomUUID } from 'node:crypto'
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import type { Entry } from '../backend.js'
import { aeadFor, type CipherName, defaultCipher, isCipherName } from '../crypto/ciphers.js'
import type { KeyProvider } from '../crypto/key-provider.js'
import { open, seal } from '../crypto/seal.js'
import { IntegrityError, ValidationError } from '../errors.js'

export interface SnapshotOptions {
  /** File holding the last good configuration, sealed under the key provider. */
  path: string
  /** The AEAD that seals the file. Default: the cache's `cipher`. */
  cipher?: CipherName
}

/** What a snapshot restores: every entry of the last full load and the names under each level. */
export interface SnapshotContent {
  entries: Entry[]
  listings: Record<string, string[]>
}

interface SnapshotFile {
  format: 'paramkit-snapshot/1'
  createdAt: string
  /** Absent in files written before ciphers were selectable: those are XChaCha20-Poly1305. */
  cipher?: CipherName
  wrappedKey: string
  nonce: string
  ciphertext: string
}

type StoredEntry = Omit<Entry, 'value' | 'lastModified' | 'rotatesAt'> & {
  value: string
  binary?: true
  lastModified?: string
  rotatesAt?: string
}

const FORMAT = 'paramkit-snapshot/1'
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
 * Seals the content under a fresh data key (one AEAD over the whole payload, bound to the format,
 * namespace and creation time) and writes it atomically: temp file, then rename. The file holds
 * the wrapped key and ciphertext only.
 */
export async function writeSnapshot(
  path: string,
  provider: KeyProvider,
  namespace: string,
  content: SnapshotContent,
  cipher: CipherName = defaultCipher,
): Promise<string> {
  const nonceBytes = aeadFor(cipher).nonceBytes
  const { key, wrapped } = await provider.snapshotKey!()
  const createdAt = new Date().toISOString()
  const stored = { listings: content.listings, entries: content.entries.map(storeEntry) }
  const plaintext = new TextEncoder().encode(JSON.stringify(stored))
  const { sealed } = seal(plaintext, key, snapshotContext(namespace, createdAt), cipher)
  plaintext.fill(0)
  key.fill(0)
  const file: SnapshotFile = {
    format: FORMAT,
    createdAt,
    cipher,
    wrappedKey: b64(wrapped),
    nonce: b64(sealed.subarray(0, nonceBytes)),
    ciphertext: b64(sealed.subarray(nonceBytes)),
  }
  const temp = `${path}.${process.pid}.${randomUUID()}.tmp`
  try {
    await writeFile(temp, JSON.stringify(file), { mode: 0o600 })
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
  return createdAt
}

/** Reads and opens a snapshot; any tampering, or a key it was not sealed under, is IntegrityError. */
export async function readSnapshot(
  path: string,
  provider: KeyProvider,
  namespace: string,
): Promise<SnapshotContent & { createdAt: string }> {
  const refuse = (why: string, cause?: unknown) =>
    new IntegrityError(`Snapshot ${path} refused: ${why}`, {
      operation: 'snapshot',
      ...(cause ? { cause } : {}),
    })
  let file: SnapshotFile
  try {
    file = JSON.parse(await readFile(path, 'utf8')) as SnapshotFile
  } catch (cause) {
    if ((cause as { code?: string }).code === 'ENOENT') throw cause
    throw refuse('not a snapshot file', cause)
  }
  if (
    file?.format !== FORMAT ||
    typeof file.nonce !== 'string' ||
    typeof file.ciphertext !== 'string' ||
    typeof file.wrappedKey !== 'string'
  ) {
    throw refuse('not a snapshot file')
  }
  const cipher = file.cipher ?? LEGACY_CIPHER
  if (!isCipherName(cipher)) throw refuse('it names an unknown cipher')
  let key: Uint8Array
  try {
    key = await provider.unwrapSnapshotKey!(unb64(file.wrappedKey))
  } catch (cause) {
    if (cause instanceof IntegrityError)
      throw refuse('its data key was wrapped under another key or altered', cause)
    throw cause
  }
  let plaintext: Uint8Array
  try {
    const sealed = Buffer.concat([unb64(file.nonce), unb64(file.ciphertext)])
    plaintext = open({ keyId: 'snapshot', cipher, sealed }, key, snapshotContext(namespace, file.createdAt))
  } catch (cause) {
    throw refuse('its content failed authentication', cause)
  } finally {
    key.fill(0)
  }
  const stored = JSON.parse(new TextDecoder().decode(plaintext)) as {
    listings: Record<string, string[]>
    entries: StoredEntry[]
  }
  plaintext.fill(0)
  return { createdAt: file.createdAt, listings: stored.listings, entries: stored.entries.map(loadEntry) }
}

function snapshotContext(namespace: string, createdAt: string) {
  return { namespace, key: FORMAT, version: createdAt, keyId: 'snapshot' }
}

function storeEntry(entry: Entry): StoredEntry {
  const { value, lastModified, rotatesAt, ...rest } = entry
  return {
    ...rest,
    ...(typeof value === 'string' ? { value } : { value: b64(value), binary: true as const }),
    ...(lastModified ? { lastModified: lastModified.toISOString() } : {}),
    ...(rotatesAt ? { rotatesAt: rotatesAt.toISOString() } : {}),
  }
}

function loadEntry(stored: StoredEntry): Entry {
  const { value, binary, lastModified, rotatesAt, ...rest } = stored
  return {
    ...rest,
    value: binary ? unb64(value) : value,
    ...(lastModified ? { lastModified: new Date(lastModified) } : {}),
    ...(rotatesAt ? { rotatesAt: new Date(rotatesAt) } : {}),
  }
}
