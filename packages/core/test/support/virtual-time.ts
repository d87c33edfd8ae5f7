import { afterEach, beforeAll, beforeEach, vi } from 'vitest'
import { createConfig } from '../../src/index.js'
import { stubBackend } from './stub-backend.js'

/** For the enclosing describe: timers and Date on vitest's fake clock, once the process's first read is done. */
export function useVirtualTime(): void {
  beforeAll(async () => {
    // The first read of a process imports the optional OpenTelemetry API in real time.
    await createConfig({ backend: stubBackend({ '/x': '1' }) }).get('/x')
  })
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })
}
