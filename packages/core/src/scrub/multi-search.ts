/**
 * Aho-Corasick: every occurrence of any of many literal patterns in one pass over the text, in time
 * linear in the text (one table lookup per code unit, whatever the patterns hold: no backtracking). The
 * automaton is a dense table over the code units the patterns use; any other unit goes back to the start.
 * For redaction the longest pattern ending at each position is enough: a shorter one ending there lies
 * inside it.
 */
export class MultiSearch {
  /** Code unit → column (1..width-1); 0 for a unit no pattern holds. */
  private readonly column = new Int32Array(0x10000)
  private readonly width: number
  /** The goto-plus-failure table: `delta[node * width + column]` is the next node. */
  private readonly delta: Int32Array
  /** The longest pattern that ends at each node (itself or through its failure links); 0: none. */
  private readonly out: Int32Array
  readonly empty: boolean

  constructor(patterns: Iterable<string>) {
    // The trie, with children in maps while it is built.
    const children: Map<number, number>[] = [new Map()]
    const ends: number[] = [0]
    let width = 1
    for (const pattern of patterns) {
      let node = 0
      for (let i = 0; i < pattern.length; i++) {
        const unit = pattern.charCodeAt(i)
        if (this.column[unit] === 0) this.column[unit] = width++
        const col = this.column[unit]!
        let next = children[node]!.get(col)
        if (next === undefined) {
          next = children.length
          children.push(new Map())
          ends.push(0)
          children[node]!.set(col, next)
        }
        node = next
      }
      if (pattern.length > 0) ends[node] = Math.max(ends[node]!, pattern.length)
    }
    this.width = width
    this.empty = children.length === 1
    this.delta = new Int32Array(children.length * width)
    this.out = Int32Array.from(ends)
    this.link(children)
  }

  /** [start, end) of the longest match ending at each position where one ends. */
  spans(text: string, first = false): [number, number][] {
    const found: [number, number][] = []
    if (this.empty) return found
    const { column, delta, out, width } = this
    let node = 0
    for (let i = 0; i < text.length; i++) {
      node = delta[node * width + column[text.charCodeAt(i)]!]!
      const length = out[node]!
      if (length > 0) {
        found.push([i + 1 - length, i + 1])
        if (first) break
      }
    }
    return found
  }

  /** Failure links, breadth first, folded into `delta`, and each node's longest output through them. */
  private link(children: Map<number, number>[]): void {
    const { delta, out, width } = this
    const fail = new Int32Array(children.length)
    const queue: number[] = []
    for (const [col, child] of children[0]!) {
      delta[col] = child
      queue.push(child)
    }
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head]!
      const back = fail[node]! * width
      for (let col = 1; col < width; col++) {
        const child = children[node]!.get(col)
        if (child === undefined) {
          delta[node * width + col] = delta[back + col]!
          continue
        }
        delta[node * width + col] = child
        fail[child] = delta[back + col]!
        out[child] = Math.max(out[child]!, out[fail[child]!]!)
        queue.push(child)
      }
    }
  }
}
