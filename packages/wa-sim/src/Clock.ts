/**
 * The simulator's time: the machine's clock plus an offset the control API moves forward (`advanceClock`), so a
 * test sees a rule that depends on time (the 15-minute edit window) without waiting. Every `t` the server sends
 * and every time it compares comes from here.
 */
export class Clock {
  private offsetSeconds = 0

  nowSeconds(): number {
    return Math.floor(Date.now() / 1000) + this.offsetSeconds
  }

  /** Moves the clock forward by whole seconds; the new time. */
  advance(seconds: number): number {
    this.offsetSeconds += seconds
    return this.nowSeconds()
  }
}
