import type { Clock } from './options.js'
import type { PlainSlot } from './slot.js'
import { MISS } from './slot-codec.js'

const realNow = Date.now

/** Reads of the clock a hot read may reuse within one synchronous run, at most. */
const REUSES = 1023

/**
 * The time a hot read compares a slot's freshness with. Reading the clock allocates (a heap number per
 * `Date.now()`), and costs more than the rest of a hot read: with the real `Date.now`, a reading is reused
 * until the current synchronous run ends (a microtask clears it) or for 1,023 more reads, whichever comes
 * first, so a value is never held fresh for longer than that run past its TTL. Any other clock (a test's
 * fake one, a mocked `Date.now`) is read every time.
 */
export class HotClock {
  private now = 0
  private held = false
  private reuses = 0
  private readonly expire = () => {
    this.held = false
  }

  constructor(private readonly clock: Clock) {}

  /**
   * Whether now is at or before the slot's `freshUntil`. Takes the slot, not the time: a double passed to
   * a call that is not inlined is boxed, an allocation per read.
   */
  fresh(slot: { readonly freshUntil: number }): boolean {
    if (this.reuses === 0 || !this.held) this.read()
    else this.reuses--
    return this.now <= slot.freshUntil
  }

  private read(): void {
    this.now = this.clock.now()
    // Checked here, not per read: a clock mocked mid-run is seen from its next reading on.
    this.reuses = this.clock === Date && this.clock.now === realNow ? REUSES : 0
    if (this.reuses === 0) return
    if (this.held) return
    this.held = true
    queueMicrotask(this.expire)
  }
}

/** A memo of a key's fresh plain slot, kept on its resolution: a hot read of it needs no lookup. */
export interface HotMemo {
  readonly key: string
  readonly slot: PlainSlot
  /** Memo hits left until the next one touches the slot in the LRU, so a hot key stays recent. */
  touches: number
}

const TOUCH_EVERY = 64

/**
 * The fastest hot read: a plain slot found fresh before, kept on the key's resolution while it is the slot
 * held (a slot replaced, invalidated or evicted is marked `retired` by the cache) and fresh by the hot clock.
 */
export class HotMemos {
  constructor(
    private readonly clock: HotClock,
    private readonly touch: (key: string) => void,
    private readonly counters: { hits: number },
  ) {}

  of(key: string, slot: PlainSlot): HotMemo {
    return { key, slot, touches: TOUCH_EVERY }
  }

  /** The memo's text while its slot is held and fresh; MISS otherwise. */
  text(memo: HotMemo): string | typeof MISS {
    const { slot } = memo
    if (slot.retired === true || !this.clock.fresh(slot)) return MISS
    if (--memo.touches === 0) {
      memo.touches = TOUCH_EVERY
      this.touch(memo.key)
    }
    this.counters.hits++
    return slot.value
  }
}
