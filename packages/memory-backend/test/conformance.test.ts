import { backendConformanceSuite } from '@paramkit/backend-test-suite'
import { memoryBackend } from '@paramkit/memory-backend'

backendConformanceSuite('memory', () => memoryBackend())
