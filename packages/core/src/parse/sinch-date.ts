import { InboundParseError } from './inbound-parse-error.js';

// Every shape Sinch has been seen to send (SPEC §1): `T` or a space between date and
// time, optional seconds and any number of fraction digits, and `Z`, `±hh:mm`, `±hhmm`,
// `±hh` or no offset at all (which means UTC). A bare date is midnight UTC. Parsed by
// hand rather than by regex: dates are on every message's hot path.

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const ZERO = 48;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Value of the `count` ASCII digits at `at`, or -1 when any of them is not a digit. */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1; // also covers NaN past the end
    value = value * 10 + d;
  }
  return value;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm): plain
// integer arithmetic, several times faster than Date.UTC, and right for years 0-99 too.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * Epoch milliseconds of a Sinch date string, or `undefined` when it is not a valid
 * date. Range-checks every component so that `2024-02-30` is refused rather than
 * rolled over into March, as `Date` would do.
 */
export function sinchDateToEpochMs(text: string): number | undefined {
  const len = text.length;
  if (len < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return undefined;
  if (month === 2 && day === 29 && !isLeapYear(year)) return undefined;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let millis = 0;
  let offsetMinutes = 0;
  let i = 10;
  if (i < len) {
    const sep = text.charCodeAt(i);
    if (sep !== 84 && sep !== 116 && sep !== 32) return undefined; // T t space
    hour = digits(text, 11, 2);
    minute = text.charCodeAt(13) === 58 ? digits(text, 14, 2) : -1;
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
    i = 16;
    if (text.charCodeAt(i) === 58) {
      second = digits(text, 17, 2);
      if (second < 0 || second > 59) return undefined;
      i = 19;
      const dot = text.charCodeAt(i);
      if (dot === 46 || dot === 44) {
        // Sub-millisecond digits cannot be represented by Date; they are truncated.
        const from = ++i;
        while (i < len && text.charCodeAt(i) >= ZERO && text.charCodeAt(i) <= ZERO + 9) {
          if (i - from < 3) millis = millis * 10 + (text.charCodeAt(i) - ZERO);
          i++;
        }
        if (i === from) return undefined;
        for (let n = Math.min(i - from, 3); n < 3; n++) millis *= 10;
      }
    }
    if (text.charCodeAt(i) === 32) i++;
    if (i < len) {
      const zone = text.charCodeAt(i);
      if (zone === 90 || zone === 122) {
        i++; // Z z
      } else if (zone === 43 || zone === 45) {
        const offHours = digits(text, i + 1, 2);
        i += 3;
        let offMinutes = 0;
        if (text.charCodeAt(i) === 58 || i < len) {
          if (text.charCodeAt(i) === 58) i++;
          offMinutes = digits(text, i, 2);
          i += 2;
        }
        if (offHours < 0 || offHours > 23 || offMinutes < 0 || offMinutes > 59) return undefined;
        offsetMinutes = (zone === 45 ? -1 : 1) * (offHours * 60 + offMinutes);
      } else {
        return undefined;
      }
    }
    if (i !== len) return undefined;
  }
  const ms = daysFromCivil(year, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
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
