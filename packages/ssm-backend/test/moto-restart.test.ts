// moto killed (SIGKILL) mid-run and started again on the same port, under a config client over the SSM
// backend: see @paramkit/test-support (src/moto-restart).
import { ssmBackend } from '@paramkit/ssm-backend'
import { motoRestartSuite } from '@paramkit/test-support/moto-restart-suite'

motoRestartSuite({
  name: 'SSM',
  backend: (clientConfig) => ssmBackend({ clientConfig }),
  commandsPerCall: 1,
})
