import type { ConfigEntry } from '@paramkit/core'
import type { Entry } from '@paramkit/core/backend'

/** What a secret shows instead of its value, as `Secret` prints. */
export const REDACTED = '[redacted]'

/** An entry's value as text: bytes as base64, as the AWS CLI shows `SecretBinary`. */
export function entryText(entry: Entry): string {
  return typeof entry.value === 'string' ? entry.value : Buffer.from(entry.value).toString('base64')
}

/** The value to show: secrets only with `reveal`, `[redacted]` otherwise. */
export function shownValue(entry: Entry, reveal: boolean): string {
  return entry.sensitive && !reveal ? REDACTED : entryText(entry)
}

/** `getEntry`'s value to show: a secret arrives sealed and is revealed only with `reveal`. */
export function shownConfigValue(entry: ConfigEntry, reveal: boolean): string {
  if (entry.sensitive) return reveal ? entry.value.reveal() : REDACTED
  return entryText(entry)
}

/** The stable `--json` form of an entry's metadata (the `value` field is added by the command). */
export function entryMeta(entry: Omit<Entry, 'value'>) {
  return {
    name: entry.name,
    type: entry.type,
    version: entry.version,
    lastModified: entry.lastModified?.toISOString() ?? null,
    sensitive: entry.sensitive,
  }
}

export function shortDate(date: Date | undefined): string {
  return date ? date.toISOString().replace(/\.\d+Z$/, 'Z') : '-'
}
