import { randomBytes } from 'node:crypto'
import { open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

export interface AtomicWriteOptions {
  /** The file's mode afterwards, whatever was there before. Default 0o600: the mode for a file holding secrets. */
  mode?: number
}

/**
 * Writes a file so that readers see the old content or the new one, never a part, and never through a
 * planted file: a temp file in the target's directory with an unpredictable name, created exclusively
 * (`O_CREAT | O_EXCL`, `'wx'`, so an existing file or symlink at that name fails the write instead of being
 * followed) at `mode`, written, fsynced, then renamed over the target. A symlink at the target is replaced,
 * not written through; the new file has `mode` whatever the old one had.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const mode = options.mode ?? 0o600
  const dir = dirname(path)
  const temp = join(dir, `.${basename(path)}.${randomBytes(12).toString('hex')}.tmp`)
  const handle = await open(temp, 'wx', mode)
  try {
    try {
      await handle.writeFile(data)
      await handle.chmod(mode) // the umask may have narrowed it; this is the mode asked for
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
  await syncDirectory(dir)
}

/** Makes the rename durable where the platform allows it (best effort: not every one can open a directory). */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    // Windows and some file systems refuse to open or fsync a directory: the rename stands anyway.
  }
}
