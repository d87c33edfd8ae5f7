import { type ConfigEvents, createConfig } from '@paramkit/core'
import type { Backend } from '@paramkit/core/backend'
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest'
import { type MotoServer, startMoto } from '../../../../scripts/moto/server.mjs'
import { RecordingHandler } from '../counting-handler.js'
import { cache, circuit, concurrency, timeouts, value } from './budgets.js'

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' }

export type CircuitEvent = ConfigEvents['circuit']

/** An AWS backend package under test. */
export interface MotoRestartSubject {
  /** Named in the describe block, e.g. `SSM`. */
  name: string
  /** The backend over a client paramkit makes from `clientConfig` (so: one attempt per call). */
  backend(clientConfig: object): Backend & Required<Pick<Backend, 'put'>>
  /** Most SDK commands one backend call sends (Secrets Manager reads rotation dates beside values). */
  commandsPerCall: number
}

/** What the suite's tests share: their own moto (they kill it), backends and config clients on it. */
export interface MotoRestartHarness {
  subject: MotoRestartSubject
  readonly moto: MotoServer
  /** A backend on moto with its own client, recording the HTTP requests it sends. */
  backendOnMoto(): { backend: Backend & Required<Pick<Backend, 'put'>>; handler: RecordingHandler }
  /**
   * Writes `version:name` under each name, through a backend of its own (not the config client's).
   * Resolves to when the first write was answered: moto then serves the service (its first request to a
   * service after a start loads that service's code, which takes moto a second or two for SSM).
   */
  seed(version: string, names: readonly string[]): Promise<number>
  /** A config client over `backend` with the suite's budgets, and the circuit events it emitted. */
  configOn(
    backend: Backend,
    service: string,
  ): { config: ReturnType<typeof createConfig>; events: { at: number; event: CircuitEvent }[] }
  /** `count` keys under `level`, with their names in `service`'s prod tree. */
  keys(service: string, level: string, count: number): { key: string; name: string }[]
}

/** Registers the hooks that start, reset and stop the suite's moto, inside the current describe block. */
export function motoRestartHarness(subject: MotoRestartSubject): MotoRestartHarness {
  let moto: MotoServer | undefined
  const cleanups: (() => Promise<unknown> | unknown)[] = []

  beforeAll(async () => {
    moto = await startMoto()
  })
  afterAll(async () => {
    await moto?.stop()
  })
  beforeEach(async () => {
    const server = moto!
    // Whatever the last test left: moto dead, or paused by a test that failed before killing it.
    if (!server.running()) await server.restart()
    server.resume()
    const response = await fetch(`${server.url}/moto-api/reset`, {
      method: 'POST',
      signal: AbortSignal.timeout(5_000),
    })
    expect(response.status).toBe(200)
  })
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  const harness: MotoRestartHarness = {
    subject,
    get moto() {
      if (!moto) throw new Error('moto has not started: the harness is used outside its describe block')
      return moto
    },
    backendOnMoto() {
      const handler = new RecordingHandler()
      const backend = subject.backend({
        endpoint: harness.moto.url,
        region: 'us-east-1',
        credentials,
        requestHandler: handler,
      })
      cleanups.push(() => backend.close?.())
      return { backend, handler }
    },
    async seed(version, names) {
      const { backend } = harness.backendOnMoto()
      const put = (name: string) => backend.put(name, value(version, name), { overwrite: true })
      await put(names[0]!)
      const answering = performance.now()
      for (let i = 1; i < names.length; i += 8) await Promise.all(names.slice(i, i + 8).map(put))
      await backend.close?.()
      return answering
    },
    configOn(backend, service) {
      const config = createConfig({ backend, env: 'prod', service, cache, timeouts, circuit, concurrency })
      cleanups.push(() => config.close())
      const events: { at: number; event: CircuitEvent }[] = []
      config.on('circuit', (event) => events.push({ at: performance.now(), event }))
      return { config, events }
    },
    keys: (service, level, count) =>
      Array.from({ length: count }, (_, i) => ({
        key: `${level}/k${i}`,
        name: `/prod/${service}/${level}/k${i}`,
      })),
  }
  return harness
}
