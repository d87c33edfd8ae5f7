import type { Operation } from '@paramkit/core/backend'
import { type CallContext, mapSdkError, type ServiceErrors } from './service-errors.js'

/** Sends one SDK command, turning its failure into a paramkit error through the service's table. */
export type Call = <T>(
  operation: Operation,
  key: string | undefined,
  send: () => Promise<T>,
  more?: Omit<CallContext, 'operation' | 'key'>,
) => Promise<T>

/** The `call` of one AWS service. */
export function sdkCall(table: ServiceErrors): Call {
  return async (operation, key, send, more) => {
    try {
      return await send()
    } catch (error) {
      throw mapSdkError(table, error, { operation, key, ...more })
    }
  }
}
