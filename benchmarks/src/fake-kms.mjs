// An in-process KMS for the benchmarks: a real SDK v3 KMSClient whose transport answers GenerateDataKey
// and Decrypt, counted and delayed by the same middleware as the fake SSM client. Stateless, so a
// snapshot sealed in one process opens in another: a "ciphertext blob" is the data key sealed with
// AES-256-GCM under a key derived from the KMS key id, the encryption context bound as associated data.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { KMSClient } from '@aws-sdk/client-kms'
import { clientConfig, instrument, reply, transport } from './fake-aws.mjs'

const masterOf = (keyId) => createHash('sha256').update(`bench-kms:${keyId}`).digest()
const aad = (context = {}) =>
  Buffer.from(JSON.stringify(Object.entries(context).sort(([a], [b]) => (a < b ? -1 : 1))))

function wrap(keyId, plaintext, context) {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', masterOf(keyId), iv).setAAD(aad(context))
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
  const id = Buffer.from(keyId)
  return Buffer.concat([Buffer.from([id.length]), id, iv, cipher.getAuthTag(), body])
}

function unwrap(blob, context) {
  const idLength = blob[0]
  const keyId = blob.subarray(1, 1 + idLength).toString()
  const iv = blob.subarray(1 + idLength, 13 + idLength)
  const tag = blob.subarray(13 + idLength, 29 + idLength)
  const decipher = createDecipheriv('aes-256-gcm', masterOf(keyId), iv).setAAD(aad(context)).setAuthTag(tag)
  return {
    keyId,
    plaintext: Buffer.concat([decipher.update(blob.subarray(29 + idLength)), decipher.final()]),
  }
}

const kmsOperations = {
  async GenerateDataKey(_store, input) {
    const plaintext = randomBytes(32)
    const blob = wrap(input.KeyId, plaintext, input.EncryptionContext)
    return reply(200, {
      KeyId: input.KeyId,
      Plaintext: plaintext.toString('base64'),
      CiphertextBlob: blob.toString('base64'),
    })
  },
  async Decrypt(_store, input) {
    try {
      const { keyId, plaintext } = unwrap(
        Buffer.from(input.CiphertextBlob, 'base64'),
        input.EncryptionContext,
      )
      return reply(200, {
        KeyId: keyId,
        Plaintext: plaintext.toString('base64'),
        EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      })
    } catch {
      return reply(
        400,
        { __type: 'InvalidCiphertextException', message: 'bad blob' },
        'InvalidCiphertextException',
      )
    }
  },
}

/** A KMS client answering in-process; `calls` counts GenerateDataKey and Decrypt. */
export function fakeKms(latencyMs = 0) {
  const client = new KMSClient({ ...clientConfig, requestHandler: transport(undefined, kmsOperations) })
  return { client, ...instrument(client, latencyMs) }
}
