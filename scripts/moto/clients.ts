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
