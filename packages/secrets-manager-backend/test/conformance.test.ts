import { backendConformanceSuite } from '@paramkit/backend-test-suite'
import { secretsManagerBackend } from '@paramkit/secrets-manager-backend'
import { countingClient } from './support/moto-sm.js'

backendConformanceSuite('secrets-manager (moto)', () =>
  secretsManagerBackend({ client: countingClient().client }),
)
