import type { Provider } from '@nestjs/common'
import type { ConfigClient, StandardSchemaV1 } from '@paramkit/core'
import { keyReader, type LiveParts, liveConfigService, secretKeysOf } from './live-config-service.js'
import { liveNamespace, type NamespaceFactory, namespaceToken } from './live-namespace.js'
import { loadNestConfig } from './optional-nest-config.js'
import { PARAMKIT_CLIENT, PARAMKIT_CONFIG } from './tokens.js'

const LIVE_PARTS = Symbol.for('paramkit:nest-config-service-parts')

/**
 * The providers of `configService: true`: `@nestjs/config`'s `ConfigService` class token and each `load`
 * namespace's `KEY`, served by paramkit once the configuration is loaded (they inject PARAMKIT_CONFIG).
 */
export function configServiceProviders(load: readonly NamespaceFactory[]): {
  providers: Provider[]
  exports: (string | symbol | (abstract new (...args: never[]) => unknown))[]
} {
  const { ConfigService } = loadNestConfig()
  const parts: Provider = {
    provide: LIVE_PARTS,
    inject: [PARAMKIT_CLIENT, PARAMKIT_CONFIG],
    useFactory: async (client: ConfigClient<StandardSchemaV1 | undefined>): Promise<LiveParts> => {
      const tree = (await client.getTree()) as Record<string, unknown>
      const read = keyReader(client, secretKeysOf(tree))
      const namespaces = new Map<string, Record<string, unknown>>()
      for (const factory of load) {
        const token = namespaceToken(factory)
        namespaces.set(token, liveNamespace(token, await factory(), read))
      }
      return { read, tree, namespaces }
    },
  }
  const service: Provider = {
    provide: ConfigService,
    inject: [LIVE_PARTS],
    useFactory: (live: LiveParts) => liveConfigService(ConfigService, live),
  }
  const namespaces: Provider[] = load.map((factory) => ({
    provide: factory.KEY,
    inject: [LIVE_PARTS],
    useFactory: (live: LiveParts) => live.namespaces.get(namespaceToken(factory)),
  }))
  return {
    providers: [parts, service, ...namespaces],
    exports: [ConfigService, ...load.map((factory) => factory.KEY)],
  }
}
