// The sync reads of the fault model: `getSync` (or `getSecretSync` for the JSON secret) interleaved with
// loads, refreshes, change events, invalidations, writes and close(), while the backend answers late, fails
// or throttles. What a sync read may answer is checked by FaultModel (values within the allowance, typed
// errors); this adds the one rule of its own: right after its own `preload` (no invalidation or close
// between), the key is loaded, so NOT_LOADED is not an allowed outcome.
import type { ConfigClient } from '@paramkit/core'

export interface SyncOp {
  kind: 'getSync'
  key: string
  at: number
  preload: boolean
  /** Set when the read follows its own successful preload with no invalidation between. */
  loaded?: boolean
}

export async function syncRead(
  model: { invalidations: number },
  client: ConfigClient,
  o: SyncOp,
  got: (value: unknown) => void,
): Promise<unknown> {
  if (o.preload) {
    const before = model.invalidations
    await client.preload([o.key])
    o.loaded = model.invalidations === before
  }
  // Synchronous from here: nothing else runs between the preload's answer and the read.
  const value = o.key === 'sec' ? client.getSecretSync(o.key).reveal() : client.getSync(o.key)
  got(value)
  return value
}
