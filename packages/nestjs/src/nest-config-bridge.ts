import { type ConfigClient, type ConfigOptions, createConfig, type StandardSchemaV1 } from '@paramkit/core'

/**
 * A `load` factory for @nestjs/config, so apps on `ConfigService` keep it:
 * `ConfigModule.forRoot({ load: [paramkitConfigFactory({ client })] })`. Values go into ConfigService's
 * own store (secrets as `Secret`s), never into `process.env`.
 */
export function paramkitConfigFactory(
  source:
    | { client: ConfigClient<StandardSchemaV1 | undefined> }
    | { config: ConfigOptions<StandardSchemaV1 | undefined> },
  schema?: StandardSchemaV1,
): () => Promise<Record<string, unknown>> {
  return async () => {
    const client = 'client' in source ? source.client : createConfig(source.config)
    const loaded = schema ? await client.load(schema) : await client.load()
    return loaded as Record<string, unknown>
  }
}
