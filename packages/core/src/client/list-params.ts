import { InboundParseError } from '../parse/inbound-parse-error.js';
import { parseSinchDate } from '../parse/sinch-date.js';
import { InvalidParamsError } from './errors.js';

/** Filters and paging of the List inbounds call (SPEC §2), in camelCase. */
export interface ListInboundsParams {
  /** Zero-based page number (default 0). */
  page?: number;
  /** Messages per page, 1..100. `list` sends it only when given (Sinch's default is 30); `pages` and `iterate` default to 100. */
  pageSize?: number;
  /**
   * Only messages sent to these numbers or short codes (E.164 `+` is fine: values are
   * percent-encoded). A string may list several separated by commas, as Sinch's own
   * query does (`'+14155553421,45607'`); it is split and each entry trimmed. Array
   * entries must not contain commas.
   */
  to?: string | readonly string[];
  /**
   * Only messages received at or after this instant (Sinch's default: 24 hours ago;
   * `pages` and `iterate` send 24 hours before the walk began, the same on every page).
   */
  startDate?: Date | string;
  /** Only messages received before this instant (exclusive). */
  endDate?: Date | string;
  /** Only messages answering an outbound batch with this client reference (at most 2048 characters). */
  clientReference?: string;
  /** Cancels the call, including retries and backoff waits, at once. */
  signal?: AbortSignal;
}

/** {@link ListInboundsParams} checked and normalised, ready to be put in a URL. */
export interface ListQuery {
  page?: number;
  pageSize?: number;
  to?: string[];
  startDate?: Date;
  endDate?: Date;
  clientReference?: string;
}

const KNOWN = new Set(['page', 'pageSize', 'to', 'startDate', 'endDate', 'clientReference', 'signal']);
const SNAKE_HINTS: Record<string, string> = {
  page_size: 'pageSize',
  start_date: 'startDate',
  end_date: 'endDate',
  client_reference: 'clientReference',
};

/**
 * Checks every parameter before anything is sent and normalises dates to `Date`.
 *
 * @throws {InvalidParamsError} naming the first parameter that is wrong and why.
 */
export function toListQuery(params: ListInboundsParams | undefined): ListQuery {
  if (params === undefined) return {};
  if (params === null || typeof params !== 'object') {
    throw new InvalidParamsError('params', 'expected an object of list parameters');
  }
  for (const key of Object.keys(params)) {
    if (!KNOWN.has(key)) {
      const hint = SNAKE_HINTS[key];
      throw new InvalidParamsError(key, `unknown parameter${hint === undefined ? '' : `; did you mean "${hint}"?`}`);
    }
  }
  const query: ListQuery = {};
  if (params.page !== undefined) {
    if (!Number.isSafeInteger(params.page) || params.page < 0) {
      throw new InvalidParamsError('page', `must be an integer >= 0, got ${String(params.page)}`);
    }
    query.page = params.page;
  }
  if (params.pageSize !== undefined) {
    if (!Number.isInteger(params.pageSize) || params.pageSize < 1 || params.pageSize > 100) {
      throw new InvalidParamsError('pageSize', `must be an integer from 1 to 100, got ${String(params.pageSize)}`);
    }
    query.pageSize = params.pageSize;
  }
  if (params.to !== undefined) query.to = readTo(params.to);
  if (params.startDate !== undefined) query.startDate = readDate('startDate', params.startDate);
  if (params.endDate !== undefined) query.endDate = readDate('endDate', params.endDate);
  if (query.startDate !== undefined && query.endDate !== undefined && query.startDate >= query.endDate) {
    throw new InvalidParamsError('endDate', 'must be after startDate (endDate is exclusive)');
  }
  if (params.clientReference !== undefined) {
    const ref = params.clientReference;
    if (typeof ref !== 'string' || ref.length === 0 || ref.length > 2048) {
      throw new InvalidParamsError('clientReference', 'must be a string of 1 to 2048 characters');
    }
    query.clientReference = wellFormed('clientReference', ref);
  }
  return query;
}

// A single string is read as Sinch reads the query value: a comma-separated list (the
// seed's own example is `+14155553421,45607`). In an array, a comma inside one value
// would silently split it, so it is refused there.
function readTo(to: string | readonly string[]): string[] {
  const list = typeof to === 'string' ? to.split(',').map((part) => part.trim()) : to;
  if (!Array.isArray(list) || list.length === 0) {
    throw new InvalidParamsError('to', 'must be a number or short code, or a non-empty array of them');
  }
  return list.map((item: unknown, i) => {
    const name = typeof to === 'string' ? 'to' : `to[${i}]`;
    if (typeof item !== 'string' || item.trim() === '') {
      throw new InvalidParamsError(name, typeof to === 'string' && list.length > 1 ? 'has an empty entry between commas' : 'must be a non-empty string');
    }
    if (item.includes(',')) throw new InvalidParamsError(name, 'must not contain a comma; pass several numbers as an array');
    return wellFormed(name, item);
  });
}

function readDate(name: string, value: Date | string): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new InvalidParamsError(name, 'is an Invalid Date');
    return value;
  }
  if (typeof value !== 'string') throw new InvalidParamsError(name, 'must be a Date or an ISO-8601 string');
  try {
    return parseSinchDate(value);
  } catch (error) {
    if (error instanceof InboundParseError) throw new InvalidParamsError(name, error.reason);
    throw error;
  }
}

// A lone UTF-16 surrogate cannot be percent-encoded as UTF-8; refuse it up front.
function wellFormed(name: string, value: string): string {
  try {
    encodeURIComponent(value);
  } catch {
    throw new InvalidParamsError(name, 'contains an unpaired UTF-16 surrogate');
  }
  return value;
}

/**
 * The query string (with its `?`, or empty) for a List inbounds request. Every value is
 * percent-encoded (`+` → `%2B`, `&`, `#`, spaces, Unicode); the commas between `to`
 * values are the list separator Sinch expects.
 */
export function listQueryString(query: ListQuery): string {
  const parts: string[] = [];
  if (query.page !== undefined) parts.push(`page=${query.page}`);
  if (query.pageSize !== undefined) parts.push(`page_size=${query.pageSize}`);
  if (query.to !== undefined) parts.push(`to=${query.to.map(encodeURIComponent).join(',')}`);
  if (query.startDate !== undefined) parts.push(`start_date=${encodeURIComponent(query.startDate.toISOString())}`);
  if (query.endDate !== undefined) parts.push(`end_date=${encodeURIComponent(query.endDate.toISOString())}`);
  if (query.clientReference !== undefined) parts.push(`client_reference=${encodeURIComponent(query.clientReference)}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}
