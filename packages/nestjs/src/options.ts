import type { ConfigClient, ConfigOptions, StandardSchemaV1 } from '@paramkit/core'

export interface ParamkitModuleOptions {
  /** A client you made; the module then leaves closing it to you. */
  client?: ConfigClient<StandardSchemaV1 | undefined>
  /** Options for a client the module makes (and closes on shutdown). */
  config?: ConfigOptions<StandardSchemaV1 | undefined>
  /** Validates the configuration loaded at start-up; a failure stops the app with every problem listed. */
  schema?: StandardSchemaV1
}
