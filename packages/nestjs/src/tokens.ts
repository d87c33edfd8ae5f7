import { Inject } from '@nestjs/common'

/** The `ConfigClient`. */
export const PARAMKIT_CLIENT = Symbol.for('paramkit:client')
/** The configuration loaded (and validated) at start-up; secrets are `Secret`s. */
export const PARAMKIT_CONFIG = Symbol.for('paramkit:config')

/** Injects the paramkit `ConfigClient` (or, with `'config'`, the configuration loaded at start-up). */
export function InjectConfig(what: 'client' | 'config' = 'client'): PropertyDecorator & ParameterDecorator {
  return Inject(what === 'client' ? PARAMKIT_CLIENT : PARAMKIT_CONFIG)
}
