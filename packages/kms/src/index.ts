export {
  type KmsKeyProvider,
  type KmsKeyProviderOptions,
  type KmsKeyProviderStats,
  kmsKeyProvider,
} from './kms-key-provider.js'
