import { describe, it } from 'vitest'
import { type MotoRestartSubject, motoRestartHarness } from './harness.js'
import { inFlightTest } from './in-flight.js'
import { outageTest } from './outage.js'

export type { MotoRestartSubject } from './harness.js'
export { transportCode } from './read-stream.js'

/**
 * Moto killed (SIGKILL) under a config client and started again on the same port: every read settles
 * within its budget during the outage (a stale value or a typed error, never a hang or THROTTLED), the
 * circuit opens and keeps calls to about one probe per `probeMs`, and once moto is back (its state lost,
 * so re-seeded with new values) reads recover within a probe interval and the circuit closes. A second
 * test kills moto while calls are in flight (paused first, so they are): they fail as connection resets.
 * The suite runs its own moto, since it kills it; it fails, never skips, when moto cannot start.
 */
export function motoRestartSuite(subject: MotoRestartSubject): void {
  describe(`moto killed and restarted under a config client (${subject.name})`, () => {
    const harness = motoRestartHarness(subject)

    it('during the outage every read settles in time with a stale value or a typed error, the circuit keeps calls to a probe per interval, and reads recover after the restart', () =>
      outageTest(harness))

    it('calls in flight when moto is killed fail as connection resets; the reads settle in time, and recover after the restart', () =>
      inFlightTest(harness))
  })
}
