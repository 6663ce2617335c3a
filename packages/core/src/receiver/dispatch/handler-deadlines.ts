/** One watched run; see {@link HandlerDeadlines.watch}. */
export interface DeadlineTicket {
  readonly deadline: number;
  /** Called when the deadline passes first; `undefined` once settled either way. */
  onTimeout: (() => void) | undefined;
}

/**
 * Bounds how long handlers may take, for every callback of a receiver, with one timer.
 *
 * The handler timeout is the same for every callback, so deadlines arrive in order: a
 * queue with the earliest at its head and a single timer armed for the head replace a
 * `setTimeout`, a `clearTimeout` and a `Promise.race` per callback (together ~10% of
 * a callback's time on the hot path). Settled entries leave from the head; behind a
 * slow head they wait, and are swept out once they are most of the queue, so memory
 * stays bounded by the callbacks actually in flight.
 */
export class HandlerDeadlines {
  readonly #timeoutMs: number;
  readonly #now: () => number;
  #queue: DeadlineTicket[] = [];
  #head = 0;
  #settledInQueue = 0;
  #inFlight = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  // A monotonic clock: a wall-clock step must not fire (or hold back) every deadline at once.
  constructor(timeoutMs: number, now: () => number = () => performance.now()) {
    this.#timeoutMs = timeoutMs;
    this.#now = now;
  }

  /** Entries the queue holds: those in flight, and settled ones not yet let go of. */
  get queued(): number {
    return this.#queue.length;
  }

  /**
   * Starts watching one run: `onTimeout` is called if the deadline passes before
   * {@link release} is called with the ticket. While anything is watched the timer
   * keeps the process alive, as a `setTimeout` would.
   */
  watch(onTimeout: () => void): DeadlineTicket {
    const ticket: DeadlineTicket = { deadline: this.#now() + this.#timeoutMs, onTimeout };
    this.#queue.push(ticket);
    if (this.#inFlight++ === 0) this.#refTimer(true);
    if (this.#timer === undefined) this.#arm(ticket.deadline);
    return ticket;
  }

  /** Ends the watch of a run that finished: true when in time, false when its deadline had already passed. */
  release(ticket: DeadlineTicket): boolean {
    if (ticket.onTimeout === undefined) return false;
    ticket.onTimeout = undefined;
    if (--this.#inFlight === 0) this.#refTimer(false);
    this.#settledInQueue++;
    this.#trim();
    return true;
  }

  #trim(): void {
    const queue = this.#queue;
    while (this.#head < queue.length && queue[this.#head]!.onTimeout === undefined) {
      this.#head++;
      this.#settledInQueue--;
    }
    if (this.#settledInQueue > 1024 && this.#settledInQueue * 2 > queue.length - this.#head) {
      // A slow head holds settled entries behind it: sweep them out.
      this.#queue = queue.slice(this.#head).filter((entry) => entry.onTimeout !== undefined);
      this.#head = 0;
      this.#settledInQueue = 0;
    } else {
      this.#reclaim();
    }
  }

  /**
   * Lets go of the consumed front of the queue. Under steady load the queue may never
   * run empty (callbacks overlap), so waiting for that would keep every entry ever made.
   */
  #reclaim(): void {
    const queue = this.#queue;
    if (this.#head === queue.length) {
      queue.length = 0;
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= queue.length) {
      this.#queue = queue.slice(this.#head);
      this.#head = 0;
    }
  }

  #arm(at: number): void {
    this.#timer = setTimeout(() => this.#expire(), Math.max(0, at - this.#now()));
    if (this.#inFlight === 0) this.#refTimer(false);
  }

  #expire(): void {
    this.#timer = undefined;
    const now = this.#now();
    const queue = this.#queue;
    const due: (() => void)[] = [];
    while (this.#head < queue.length) {
      const entry = queue[this.#head]!;
      if (entry.onTimeout !== undefined && entry.deadline > now) break;
      this.#head++;
      if (entry.onTimeout === undefined) {
        this.#settledInQueue--;
        continue;
      }
      due.push(entry.onTimeout);
      entry.onTimeout = undefined;
      if (--this.#inFlight === 0) this.#refTimer(false);
    }
    this.#reclaim();
    if (this.#head < this.#queue.length) this.#arm(this.#queue[this.#head]!.deadline);
    // Called once the queue is in order again: they may watch or release runs themselves.
    for (const onTimeout of due) onTimeout();
  }

  // Node's timers have ref()/unref(); the web build's runtimes may not.
  #refTimer(ref: boolean): void {
    const timer = this.#timer as { ref?: () => void; unref?: () => void } | undefined;
    if (ref) timer?.ref?.();
    else timer?.unref?.();
  }
}
