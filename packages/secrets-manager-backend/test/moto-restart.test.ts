// moto killed (SIGKILL) mid-run and started again on the same port, under a config client over the
// Secrets Manager backend: see @paramkit/test-support (src/moto-restart).
import { secretsManagerBackend } from '@paramkit/secrets-manager-backend'
import { motoRestartSuite } from '@paramkit/test-support/moto-restart-suite'

motoRestartSuite({
  name: 'Secrets Manager',
  backend: (clientConfig) => secretsManagerBackend({ clientConfig }),
  // A read sends its values and, beside them, the secrets' rotation dates (rotationAware, the default).
  commandsPerCall: 2,
})
