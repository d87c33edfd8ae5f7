// moto killed (SIGKILL) mid-run and started again on the same port, under a config client over the SSM
// backend: see scripts/moto-restart-suite.ts.
import { ssmBackend } from '@paramkit/ssm-backend'
import { motoRestartSuite } from '../../../scripts/moto-restart-suite.js'

motoRestartSuite({
  name: 'SSM',
  backend: (clientConfig) => ssmBackend({ clientConfig }),
  commandsPerCall: 1,
})
