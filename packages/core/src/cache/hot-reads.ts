import type { Clock } from './options.js'
import type { PlainSlot } from './slot.js'
import { MISS } from './slot-codec.js'

const realNow = Date.now
/** setTimeout's longest delay; a later expiry is re-armed when it fires. */
const MAX_DELAY = 2 ** 31 - 1
/** Most memos kept live (about one per key read hot); past it, keys are read without one. */
const MAX_LIVE = 10_000
/** Memo hits between touches of the slot in the LRU, so a hot key stays recent. */
const TOUCH_EVERY = 64

/** A memo of a key's fresh plain slot, kept on its resolution: a hot read of it needs no lookup. */
export interface HotMemo {
  readonly key: string
  readonly slot: PlainSlot
  /** Memo hits left until the next one touches the slot in the LRU. */
  touches: number
}

/**
 * The fastest hot read: a plain slot found fresh before, kept on the key's resolution (and by the sync
 * reads) while it is the slot held (the cache marks a slot it lets go of `retired`) and fresh.
 *
 * Freshness without reading the clock: reading `Date.now()` costs more than the rest of the read and
 * allocates a heap number. With the real `Date.now`, memos compare with `now`, the time of the last expiry
 * timer: one unref'd timer is armed at the earliest `freshUntil` of the live memos, and when it fires,
 * `now` moves on and the timer is armed at the next one. So a memo expires on time whenever the event loop
 * runs; a synchronous run that outlasts its TTL is answered what was fresh when it began. Any other clock
 * (a test's, a mocked `Date.now`) is read on every memo hit.
 */
export class HotMemos {
  private readonly coarse: boolean
  private now: number
  private readonly live = new Set<HotMemo>()
  private timer: ReturnType<typeof setTimeout> | undefined
  private deadline = Number.POSITIVE_INFINITY

  constructor(
    private readonly clock: Clock,
    private readonly touch: (key: string) => void,
    private readonly counters: { hits: number },
  ) {
    this.coarse = clock === Date && clock.now === realNow
    this.now = clock.now()
  }

  /** A memo of `slot` (found fresh by the caller), or undefined when too many are live. */
  of(key: string, slot: PlainSlot): HotMemo | undefined {
    if (this.coarse) {
      if (this.live.size >= MAX_LIVE) this.expire()
      if (this.live.size >= MAX_LIVE) return undefined
    }
    const memo = { key, slot, touches: TOUCH_EVERY }
    if (this.coarse) {
      this.live.add(memo)
      if (slot.freshUntil < this.deadline) this.arm(slot.freshUntil)
    }
    return memo
  }

  /** The memo's text while its slot is held and fresh; MISS otherwise. */
  text(memo: HotMemo): string | typeof MISS {
    const { slot } = memo
    if (slot.retired === true || (this.coarse ? this.now : this.clock.now()) > slot.freshUntil) return MISS
    if (--memo.touches === 0) {
      memo.touches = TOUCH_EVERY
      this.touch(memo.key)
    }
    this.counters.hits++
    return slot.value
  }

  close(): void {
    clearTimeout(this.timer)
    this.live.clear()
    this.now = Number.POSITIVE_INFINITY // every memo is void
  }

  private arm(at: number): void {
    clearTimeout(this.timer)
    this.deadline = at
    // +1: fresh means now <= freshUntil, so the memo is void once the timer has fired.
    this.timer = setTimeout(this.fire, Math.min(MAX_DELAY, Math.max(0, at - this.clock.now() + 1)))
    this.timer.unref?.()
  }

  private readonly fire = () => {
    this.timer = undefined
    this.deadline = Number.POSITIVE_INFINITY
    this.expire()
  }

  /** Moves `now` on, drops memos void by then, and arms the timer at the next expiry. */
  private expire(): void {
    this.now = this.clock.now()
    let next = Number.POSITIVE_INFINITY
    for (const memo of this.live) {
      const { slot } = memo
      if (slot.retired === true || this.now > slot.freshUntil) this.live.delete(memo)
      else if (slot.freshUntil < next) next = slot.freshUntil
    }
    if (next < this.deadline) this.arm(next)
  }
}
