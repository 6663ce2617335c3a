/** The number `send()` uses when no `to` is given (the SPEC §5 test number). */
export const DEFAULT_TO = '12017777777';

/** The numbers `seed()` rotates over, so that `to` filters have something to select. */
export const SEED_NUMBERS: readonly string[] = ['12017777777', '12017777778', '447700900000'];
