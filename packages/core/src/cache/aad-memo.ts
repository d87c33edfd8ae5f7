import { encodeAad } from '../crypto/seal.js'

/**
 * The AADs of recently opened slots, so a hot key's hit does not encode its AAD again. Bounded (the
 * oldest goes first), and an AAD holds nothing secret: namespace, key, version and data-key id.
 */
export class AadMemo {
  private readonly memo = new Map<string, { version: string; keyId: string; aad: Uint8Array }>()

  constructor(
    private readonly namespace: string,
    private readonly max = 1024,
  ) {}

  get(key: string, version: string, keyId: string): Uint8Array {
    const known = this.memo.get(key)
    if (known !== undefined && known.version === version && known.keyId === keyId) return known.aad
    const aad = encodeAad({ namespace: this.namespace, key, version, keyId })
    if (known === undefined && this.memo.size >= this.max) this.memo.delete(this.memo.keys().next().value!)
    this.memo.set(key, { version, keyId, aad })
    return aad
  }
}
