import { backendConformanceSuite } from '@paramkit/backend-test-suite'
import { ssmBackend } from '@paramkit/ssm-backend'
import { countingClient } from './support/moto-ssm.js'

backendConformanceSuite('ssm (moto)', () => ssmBackend({ client: countingClient().client }))
