import { Controller, Get, Inject } from '@nestjs/common'
import type { ConfigClient } from '@paramkit/core'
import { InjectConfig } from '@paramkit/nestjs'
import { orderApiSchema } from '../../fixtures/order-api-schema.mjs'
import { APP_ENV } from './tokens.js'

@Controller()
export class OrderController {
  constructor(
    @InjectConfig() private readonly config: ConfigClient,
    @Inject(APP_ENV) private readonly env: string,
  ) {}

  @Get('health')
  health() {
    return { status: 'ok', env: this.env, backend: this.config.backendName }
  }

  /** The validated configuration from the cache; secrets serialise as "[redacted]". */
  @Get('config')
  config_() {
    return this.config.load(orderApiSchema)
  }

  /** The v2 feature flag and the accepted currencies, as the Express example serves them. */
  @Get('orders/feature')
  async feature() {
    const { config: settings } = await this.config.load(orderApiSchema)
    return { v2: settings.feature_flag_v2, currencies: settings.allowed_currencies }
  }
}
