import { createRequire } from 'node:module'

/** The parts of `@nestjs/config` (an optional peer) that `configService: true` uses. */
export interface NestConfigModule {
  ConfigService: new (internalConfig?: Record<string, unknown>) => object
}

/**
 * `@nestjs/config`, loaded only when `configService: true` asks for it, from where this package is
 * installed, so the class is the app's own `ConfigService` token.
 */
export function loadNestConfig(): NestConfigModule {
  const require = createRequire(typeof __filename === 'string' ? __filename : import.meta.url)
  try {
    return require('@nestjs/config') as NestConfigModule
  } catch (cause) {
    throw new Error(
      'ParamkitModule.forRoot({ configService: true }) needs @nestjs/config: npm install @nestjs/config',
      { cause },
    )
  }
}
