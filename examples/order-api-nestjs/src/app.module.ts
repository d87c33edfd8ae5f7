import { type DynamicModule, Module } from '@nestjs/common'
import { APP_FILTER } from '@nestjs/core'
import { ParamkitExceptionFilter, ParamkitModule } from '@paramkit/nestjs'
import { orderApiBackend } from '../../fixtures/order-api-backend.mjs'
import { orderApiSchema } from '../../fixtures/order-api-schema.mjs'
import { OrderController } from './order.controller.js'
import { APP_ENV } from './tokens.js'

@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest module class with a dynamic-module factory
export class AppModule {
  /** APP_ENV picks the hierarchy; PARAMKIT_BACKEND the backend (memory by default). */
  static forEnvironment(
    env: string,
    environment: Record<string, string | undefined> = process.env,
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ParamkitModule.forRootAsync({
          isGlobal: true,
          useFactory: async () => ({
            config: {
              backend: await orderApiBackend(env, environment),
              env,
              service: 'order-api',
              fallbacks: ['/{env}/shared', '/shared'],
            },
            schema: orderApiSchema,
          }),
        }),
      ],
      providers: [
        { provide: APP_ENV, useValue: env },
        // A configuration error answers with its code and a generic sentence; the detail goes to the log.
        { provide: APP_FILTER, useClass: ParamkitExceptionFilter },
      ],
      controllers: [OrderController],
    }
  }
}
