import { InboundParseError } from './inbound-parse-error.js';

// Every shape Sinch has been seen to send (SPEC §1): `T` or a space between date and
// time, optional seconds and any number of fraction digits, and `Z`, `±hh:mm`, `±hhmm`,
// `±hh` or no offset at all (which means UTC). A bare date is midnight UTC.
const SINCH_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)? ?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Epoch milliseconds of a Sinch date string, or `undefined` when it is not a valid
 * date. Range-checks every component so that `2024-02-30` is refused rather than
 * rolled over into March, as `Date` would do.
 */
export function sinchDateToEpochMs(text: string): number | undefined {
  const m = SINCH_DATE.exec(text);
  if (m === null) return undefined;
  const year = +m[1]!;
  const month = +m[2]!;
  const day = +m[3]!;
  const hour = m[4] === undefined ? 0 : +m[4];
  const minute = m[5] === undefined ? 0 : +m[5];
  const second = m[6] === undefined ? 0 : +m[6];
  // Sub-millisecond digits cannot be represented by Date; they are truncated.
  const millis = m[7] === undefined ? 0 : +(m[7] + '00').slice(0, 3);
  if (month < 1 || month > 12 || day < 1) return undefined;
  if (day > DAYS_IN_MONTH[month - 1]! || (month === 2 && day === 29 && !isLeapYear(year))) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (m[9] !== undefined) {
    const offHours = +m[10]!;
    const offMinutes = m[11] === undefined ? 0 : +m[11];
    if (offHours > 23 || offMinutes > 59) return undefined;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offHours * 60 + offMinutes);
  }
  let ms = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (year < 100) {
    // Date.UTC maps years 0-99 onto 1900-1999.
    const d = new Date(ms);
    d.setUTCFullYear(year);
    ms = d.getTime();
  }
  return ms - offsetMinutes * 60_000;
}

/**
 * Parses any date format Sinch sends (`2019-08-24T14:15:22Z`,
 * `2022-08-24 14:15:22+00:00`, `+0200` offsets, long fractions, no offset = UTC).
 *
 * @throws {InboundParseError} when the text is not such a date; never returns an
 * `Invalid Date`.
 */
export function parseSinchDate(text: string): Date {
  if (typeof text !== 'string') {
    throw new InboundParseError('$', `expected a date string, got ${typeof text}`);
  }
  const ms = sinchDateToEpochMs(text);
  if (ms === undefined) {
    throw new InboundParseError('$', `not a valid ISO-8601 date: ${JSON.stringify(text.slice(0, 64))}`);
  }
  return new Date(ms);
}
