import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  type ConfigClient,
  NotFoundError,
  SchemaError,
  type SchemaIssueReport,
  type StandardSchemaV1,
} from '@paramkit/core'
import { type RegisteredConfig, type RequestConfig, requestConfig } from './request-config.js'

declare global {
  namespace Express {
    interface Request {
      /** paramkit configuration, read from the encrypted cache (set by `paramkit()` middleware). */
      config: RequestConfig
    }
  }
}

export interface ParamkitExpressOptions {
  /** Validates `load()` (and start-up in `loadBeforeListen`) with any Standard Schema validator. */
  schema?: StandardSchemaV1
  /** Keys that must exist for the app to start. */
  required?: readonly string[]
}

type Client = ConfigClient<StandardSchemaV1 | undefined>
type Next = (error?: unknown) => void

/**
 * Resolves and validates everything before the app accepts traffic. Every problem (schema issues
 * and missing required keys) comes back in one SchemaError; nothing is listened on until it passes.
 */
export async function loadBeforeListen<C = RegisteredConfig>(
  config: Client,
  options: ParamkitExpressOptions = {},
): Promise<C> {
  const issues: SchemaIssueReport[] = []
  let loaded: unknown
  try {
    loaded = options.schema ? await config.load(options.schema) : await config.load()
  } catch (error) {
    if (!SchemaError.is(error)) throw error
    issues.push(...error.issues)
  }
  const required = await Promise.allSettled((options.required ?? []).map((key) => config.getEntry(key)))
  required.forEach((result, i) => {
    if (result.status === 'fulfilled') return
    if (!NotFoundError.is(result.reason)) throw result.reason
    issues.push({ path: options.required![i]!, message: 'required key is missing' })
  })
  if (issues.length > 0) {
    const list = issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')
    throw new SchemaError(`Configuration is not ready: ${issues.length} problem(s): ${list}`, {
      issues,
      operation: 'load',
    })
  }
  return loaded as C
}

/** Middleware giving every request `req.config`, backed by the client's cache. Secrets stay out of `res.locals` and `app.locals`. */
export function paramkit(config: Client, options: ParamkitExpressOptions = {}) {
  const view = requestConfig<RegisteredConfig>(config, options.schema)
  return function paramkitConfig(req: IncomingMessage, _res: ServerResponse, next: Next): void {
    ;(req as IncomingMessage & { config: RequestConfig }).config = view
    next()
  }
}
