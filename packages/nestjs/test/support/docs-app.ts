// An app written the way the @nestjs/config documentation writes one (its usage patterns, not its code):
// a `registerAs` namespace injected with `ConfigType<typeof ns>`, `ConfigService<Env, true>` with
// `get(path)`, `get(path, default)`, `get(path, { infer: true })`, `getOrThrow` and dotted paths. It knows
// nothing of paramkit: `docsApp(configModule)` takes either `ConfigModule.forRoot(...)` or
// `ParamkitModule.forRoot(...)`. (Injections name their token: vitest's esbuild emits no decorator metadata.)
import 'reflect-metadata'
import { Controller, type DynamicModule, Get, Inject, Injectable, Module } from '@nestjs/common'
import { ConfigService, type ConfigType, registerAs } from '@nestjs/config'

export const databaseConfig = registerAs('database', () => ({
  host: process.env.DATABASE_HOST,
  port: Number.parseInt(process.env.DATABASE_PORT ?? '', 10) || 5432,
}))

export interface EnvironmentVariables {
  PORT: string
  API_URL: string
  database: { host: string; port: number }
}

@Injectable()
export class DatabaseService {
  constructor(@Inject(databaseConfig.KEY) private readonly dbConfig: ConfigType<typeof databaseConfig>) {}

  connection(): string {
    return `${this.dbConfig.host}:${this.dbConfig.port}`
  }
}

@Injectable()
export class ServerSettings {
  constructor(
    @Inject(ConfigService) private readonly configService: ConfigService<EnvironmentVariables, true>,
  ) {}

  port(): string {
    return this.configService.get('PORT', { infer: true })
  }

  databasePort(): number {
    return this.configService.get('database.port', { infer: true })
  }
}

@Controller()
export class AppController {
  constructor(
    @Inject(ConfigService) private readonly configService: ConfigService,
    @Inject(ServerSettings) private readonly server: ServerSettings,
    @Inject(DatabaseService) private readonly database: DatabaseService,
  ) {}

  @Get('settings')
  settings() {
    const dbHost = this.configService.get<string>('database.host')
    const apiUrl = this.configService.getOrThrow<string>('API_URL')
    const timeout = this.configService.get<string>('HTTP_TIMEOUT', '5000')
    const feature = this.configService.get<string>('FEATURE_FLAG')
    return {
      port: this.server.port(),
      dbHost,
      dbPort: this.server.databasePort(),
      apiUrl,
      timeout,
      feature,
      connection: this.database.connection(),
    }
  }

  @Get('required')
  required() {
    return { value: this.configService.getOrThrow<string>('MISSING_KEY') }
  }
}

export function docsApp(configModule: DynamicModule | Promise<DynamicModule>) {
  @Module({
    imports: [configModule],
    controllers: [AppController],
    providers: [DatabaseService, ServerSettings],
  })
  class AppModule {}
  return AppModule
}
