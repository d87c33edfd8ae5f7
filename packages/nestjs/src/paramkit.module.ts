import {
  ConfigurableModuleBuilder,
  type DynamicModule,
  Inject,
  Module,
  type OnModuleDestroy,
  type Provider,
} from '@nestjs/common'
import { type ConfigClient, createConfig, type StandardSchemaV1 } from '@paramkit/core'
import { configServiceProviders } from './config-service-providers.js'
import type { NamespaceFactory } from './live-namespace.js'
import type { ParamkitNamespace } from './namespace.js'
import type { ParamkitModuleOptions } from './options.js'
import { PARAMKIT_CLIENT, PARAMKIT_CONFIG } from './tokens.js'

type Client = ConfigClient<StandardSchemaV1 | undefined>

export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } =
  new ConfigurableModuleBuilder<ParamkitModuleOptions>({ moduleName: 'Paramkit' })
    .setClassMethodName('forRoot')
    .setExtras(
      { isGlobal: false, configService: false, load: [] as readonly NamespaceFactory[] },
      (definition, extras) => {
        const module = { ...definition, global: extras.isGlobal }
        if (!extras.configService) return module
        // `@nestjs/config`'s ConfigService (and `load` namespaces), served by paramkit: a drop-in swap.
        const { providers, exports } = configServiceProviders(extras.load ?? [])
        return {
          ...module,
          providers: [...(module.providers ?? []), ...providers],
          exports: [...(module.exports ?? []), ...exports],
        }
      },
    )
    .build()

const OWNED = Symbol('paramkit:owned-client')

/** The client, ready before anything that injects it is constructed. */
const clientProvider: Provider = {
  provide: PARAMKIT_CLIENT,
  inject: [MODULE_OPTIONS_TOKEN],
  useFactory: (options: ParamkitModuleOptions): Client => {
    if (options.client) return options.client
    if (!options.config) throw new Error('ParamkitModule needs `client` or `config` in its options')
    return Object.assign(createConfig(options.config), { [OWNED]: true })
  },
}

/** Loads and validates everything at start-up: an async provider, so consumers wait for it. */
const configProvider: Provider = {
  provide: PARAMKIT_CONFIG,
  inject: [PARAMKIT_CLIENT, MODULE_OPTIONS_TOKEN],
  useFactory: (client: Client, options: ParamkitModuleOptions) =>
    options.schema ? client.load(options.schema) : client.load(),
}

/**
 * paramkit as a NestJS dynamic module: `forRoot(options)`, `forRootAsync({ imports, inject, useFactory })`,
 * `isGlobal`, and `forFeature(...namespaces)` for typed slices of the configuration.
 */
export class ParamkitModule extends ConfigurableModuleClass implements OnModuleDestroy {
  constructor(private readonly client: Client) {
    super()
  }

  static forFeature(...namespaces: ParamkitNamespace<unknown>[]): DynamicModule {
    return {
      module: ParamkitFeatureModule,
      providers: namespaces.map((n) => n.provider),
      exports: namespaces.map((n) => n.KEY),
    }
  }

  /** Closes a client the module made: its refresh timer, key provider and SDK clients. */
  async onModuleDestroy(): Promise<void> {
    if ((this.client as unknown as Record<symbol, boolean>)[OWNED]) await this.client.close()
  }
}

class ParamkitFeatureModule {}

// Decorators applied as calls, so the package builds with any compiler settings.
Inject(PARAMKIT_CLIENT)(ParamkitModule, undefined as never, 0)
Module({ providers: [clientProvider, configProvider], exports: [PARAMKIT_CLIENT, PARAMKIT_CONFIG] })(
  ParamkitModule,
)
Module({})(ParamkitFeatureModule)
