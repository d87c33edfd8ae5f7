import { inject } from 'vitest'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the moto server this project's tests talk to, e.g. http://127.0.0.1:5123 */
    motoEndpoint: string
  }
}

/** The moto server of the current test project. */
export function motoEndpoint(): string {
  return inject('motoEndpoint')
}

/** Client settings for moto: the project's endpoint, us-east-1 and fake credentials. Nothing reaches AWS. */
export function motoClientConfig() {
  return {
    endpoint: inject('motoEndpoint'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
  }
}

export async function resetMoto(): Promise<void> {
  const response = await fetch(`${inject('motoEndpoint')}/moto-api/reset`, { method: 'POST' })
  if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`)
}

interface MiddlewareClient {
  middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void
  }
}

/** Counts the commands an AWS SDK v3 client sends, by name, with SDK middleware (once per call, not per retry). */
export function countCalls(client: object) {
  const calls: Record<string, number> = {}
  ;(client as MiddlewareClient).middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown'
      calls[name] = (calls[name] ?? 0) + 1
      return next(args)
    },
    { step: 'initialize', name: 'paramkitCallCounter' },
  )
  return { calls, total: () => Object.values(calls).reduce((a, b) => a + b, 0) }
}
