import type { Backend, Entry } from '../backend.js'
import type { EncryptedCache } from '../cache/encrypted-cache.js'
import { type ListingKey, listingKey } from '../resolver.js'
import { isSecret, Secret } from '../secret.js'
import { SecretForms } from '../secret-forms.js'
import type { StandardSchemaV1 } from '../standard-schema.js'
import type { CallTimer } from './policy/call-timer.js'
import type { Lister } from './policy/lister.js'
import { schemaError, validateWithSchema } from './schema.js'
import { sealSchemaOutput } from './schema-output.js'
import type { SnapshotContent } from './snapshot.js'
import { buildTree, type ConfigTree, isBranch, leavesOf, mergeTrees, put } from './tree.js'
import { entryList, entryText } from './values.js'

/**
 * Reads hierarchies with `backend.list`. The names under a path are cached as one sealed
 * "listing" entry and each value is primed into the cache, so a second `getTree` costs no call.
 */
export class TreeReader {
  constructor(
    private readonly backend: Backend,
    private readonly cache: EncryptedCache,
    private readonly readName: (name: string) => Promise<Entry | undefined>,
    private readonly withDecryption: boolean,
    private readonly lister: Lister,
  ) {}

  /**
   * Nested object of every value under the paths, earlier paths overriding later ones. When nothing
   * is under any of them and `jsonSecret` is set, the first path that is itself a JSON secret gives its object.
   */
  async read(paths: readonly string[], jsonSecret = false): Promise<ConfigTree> {
    const trees = await Promise.all(paths.map((path) => this.readPath(path)))
    const tree = mergeTrees(trees)
    if (!jsonSecret || Object.keys(tree).length > 0) return tree
    for (const path of paths) {
      const object = await this.readJsonSecret(path)
      if (Object.keys(object).length > 0) return object
    }
    return tree
  }

  /**
   * The tree validated by a Standard Schema. Secrets reach the schema as `Secret`s (check them with
   * `secretValue()`); the output is checked so no secret leaves its `Secret` (see sealSchemaOutput).
   */
  async validate<S extends StandardSchemaV1>(
    paths: readonly string[],
    schema: S,
    backend: string,
    jsonSecret = false,
  ): Promise<StandardSchemaV1.InferOutput<S>> {
    const tree = await this.read(paths, jsonSecret)
    const secretPaths = new Set<string>()
    const plaintexts: string[] = []
    const plain: string[] = []
    for (const [path, value] of leavesOf(tree)) {
      if (isSecret(value)) {
        secretPaths.add(path)
        plaintexts.push(String(value.reveal()))
      } else plain.push(...(Array.isArray(value) ? value.map(String) : [String(value)]))
    }
    const secrets = new SecretForms(plaintexts)
    const output = await validateWithSchema(schema, tree, { secrets, plain }, { backend }, secretPaths)
    const sealed = await sealSchemaOutput(output, secretPaths, secrets, this.cache.options.keyProvider)
    if (sealed.problems.length > 0)
      throw schemaError('Configuration left secrets outside a Secret', sealed.problems, { backend })
    return sealed.value as StandardSchemaV1.InferOutput<S>
  }

  /** Every listing and entry of the paths, from the cache, for a snapshot. */
  async collect(paths: readonly string[]): Promise<SnapshotContent> {
    const listings: Record<string, string[]> = {}
    const entries: Entry[] = []
    for (const path of paths) {
      const listing = await this.cache.read(listingKey(path).slot, () => this.list(path))
      const names = listing ? (JSON.parse(entryText(listing)) as string[]) : []
      listings[path] = names
      for (const name of names) {
        const entry = await this.readName(name)
        if (entry) entries.push(entry)
      }
    }
    return { listings, entries }
  }

  /**
   * Puts a snapshot's listings and entries into the cache as if they had just been loaded (the listings
   * marked unconfirmed: they prove no absence until the backend lists again). A failure part-way (a key
   * provider that cannot seal) forgets what this restore put, so the backend answers for those slots.
   */
  async restore(content: SnapshotContent): Promise<void> {
    const primed: string[] = []
    const prime = async (slot: string, entry: Entry) => {
      await this.cache.prime(slot, entry, undefined, true)
      primed.push(slot)
    }
    try {
      for (const [path, names] of Object.entries(content.listings))
        await prime(listingKey(path).slot, listingEntry(path, names))
      for (const entry of content.entries) await prime(entry.name, entry)
    } catch (error) {
      for (const slot of primed) this.cache.invalidate(slot)
      throw error
    }
  }

  refreshListing({ path, slot }: ListingKey): Promise<boolean> {
    return this.cache.refresh(slot, () => this.list(path))
  }

  private async readPath(path: string): Promise<ConfigTree> {
    const key = listingKey(path).slot
    const listing = await this.cache.read(key, () => this.list(path))
    const names = listing ? (JSON.parse(entryText(listing)) as string[]) : []
    const leaves = await Promise.all(
      names.map(async (name) => {
        const entry = await this.readName(name)
        return [name, entry ? await this.leafValue(entry) : undefined] as const
      }),
    )
    return buildTree(
      path,
      leaves.filter(([, value]) => value !== undefined),
    )
  }

  /** The path itself as a JSON secret's object, or `{}`. */
  private async readJsonSecret(path: string): Promise<ConfigTree> {
    if (path === '/' || path === '') return {}
    const entry = await this.readName(path)
    if (
      !entry ||
      typeof entry.value !== 'string' ||
      !(entry.type === 'Secret' || entry.type === 'SecureString')
    )
      return {}
    let parsed: unknown
    try {
      parsed = JSON.parse(entry.value)
    } catch {
      return {}
    }
    return isBranch(parsed) ? this.sealLeaves(parsed) : {}
  }

  private leafValue(entry: Entry): unknown {
    if (entry.sensitive) return Secret.seal(entryText(entry), this.cache.options.keyProvider)
    if (entry.type === 'StringList') return entryList(entry)
    return entryText(entry)
  }

  /** Every field of a JSON secret as a Secret of its own. */
  private async sealLeaves(tree: ConfigTree): Promise<ConfigTree> {
    const out: ConfigTree = {}
    for (const [key, value] of Object.entries(tree)) {
      put(
        out,
        key,
        isBranch(value)
          ? await this.sealLeaves(value)
          : await Secret.seal(
              typeof value === 'string' ? value : JSON.stringify(value),
              this.cache.options.keyProvider,
            ),
      )
    }
    return out
  }

  /** Every name under `path`, each entry primed into the cache; through the call policy (budget, retries). */
  private list(path: string): Promise<Entry> {
    return this.lister.run(path, (call, page) => this.listOnce(path, call, page))
  }

  private async listOnce(path: string, call: CallTimer, page: () => Promise<void>): Promise<Entry> {
    const names: string[] = []
    // Entries from these pages are as new as the listing's start: a load started later is not overwritten.
    const since = this.cache.mark()
    const pages = this.backend
      .list(path, {
        recursive: true,
        withDecryption: this.withDecryption,
        signal: call.signal,
      })
      [Symbol.asyncIterator]()
    for (let next = await pages.next(); !next.done; next = await pages.next()) {
      for (const entry of next.value.entries) {
        await this.cache.prime(entry.name, entry, since)
        names.push(entry.name)
      }
      // The next page is a call of its own: paced, counted and given its own budget.
      if (next.value.nextToken !== undefined) await page()
    }
    return listingEntry(path, names)
  }
}

function listingEntry(path: string, names: string[]): Entry {
  return { name: path, value: JSON.stringify(names), type: 'String', version: '0', sensitive: false }
}
