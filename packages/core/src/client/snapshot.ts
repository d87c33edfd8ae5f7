import { randomUUID } from 'node:crypto'
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import type { Entry } from '../backend.js'
import type { KeyProvider } from '../crypto/key-provider.js'
import { open, seal } from '../crypto/seal.js'
import { IntegrityError, ValidationError } from '../errors.js'

export interface SnapshotOptions {
  /** File holding the last good configuration, sealed under the key provider. */
  path: string
}

/** What a snapshot restores: every entry of the last full load and the names under each level. */
export interface SnapshotContent {
  entries: Entry[]
  listings: Record<string, string[]>
}

interface SnapshotFile {
  format: 'paramkit-snapshot/1'
  createdAt: string
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
): Promise<string> {
  const { key, wrapped } = await provider.snapshotKey!()
  const createdAt = new Date().toISOString()
  const stored = { listings: content.listings, entries: content.entries.map(storeEntry) }
  const plaintext = new TextEncoder().encode(JSON.stringify(stored))
  const box = seal(plaintext, key, { namespace, key: FORMAT, version: createdAt, keyId: 'snapshot' })
  plaintext.fill(0)
  key.fill(0)
  const file: SnapshotFile = {
    format: FORMAT,
    createdAt,
    wrappedKey: b64(wrapped),
    nonce: b64(box.nonce),
    ciphertext: b64(box.ciphertext),
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
  if (file?.format !== FORMAT || typeof file.ciphertext !== 'string' || typeof file.wrappedKey !== 'string') {
    throw refuse('not a snapshot file')
  }
  let key: Uint8Array
  try {
    key = await provider.unwrapSnapshotKey!(unb64(file.wrappedKey))
  } catch (cause) {
    if (IntegrityError.is(cause)) throw refuse('its data key was wrapped under another key or altered', cause)
    throw cause
  }
  let plaintext: Uint8Array
  try {
    plaintext = open(
      { keyId: 'snapshot', nonce: unb64(file.nonce), ciphertext: unb64(file.ciphertext) },
      key,
      {
        namespace,
        key: FORMAT,
        version: file.createdAt,
        keyId: 'snapshot',
      },
    )
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
