import { fetchSender } from './fetch-sender.js';
import type { HttpSender } from './interfaces.js';

/**
 * The default sender of the web build: the runtime's global `fetch`, looked up per
 * request so that a fetch installed later (a test, a Workers binding) is the one used.
 */
export const defaultHttpSender: HttpSender = fetchSender((input, init) => globalThis.fetch(input, init));
