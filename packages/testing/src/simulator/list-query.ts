import { parseSinchDate } from '@sinch-inbounds/core';
import { apiError, type ApiError } from './api-error.js';
import { stripPlus, type InboundQuery } from './inbound-store.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const INTEGER = /^-?\d+$/;
// E.164 (with or without +) or a short code. A raw `+` that was not sent as %2B decodes
// to a space and fails here, which is exactly the official SDK bug to catch (SPEC §6.1).
const NUMBER = /^\+?\d{3,15}$/;

/**
 * Validates the query of `GET …/inbounds` as Sinch does (SPEC §2): `page` ≥ 0,
 * `page_size` 1..100 (default 30), `to` a comma list of numbers, `start_date`
 * (default now − 24 h, inclusive), `end_date` (exclusive), `client_reference` ≤ 2048.
 */
export function parseListQuery(params: URLSearchParams, nowMs: number): InboundQuery | ApiError {
  const page = readInteger(params, 'page', 0, 0, Number.MAX_SAFE_INTEGER);
  if (typeof page !== 'number') return page;
  const pageSize = readInteger(params, 'page_size', 30, 1, 100);
  if (typeof pageSize !== 'number') return pageSize;

  const to: string[] = [];
  for (const value of params.getAll('to')) {
    for (const item of value.split(',')) {
      if (!NUMBER.test(item)) {
        return apiError(
          400,
          'syntax_invalid_parameter_format',
          `Parameter 'to' has an invalid value ${JSON.stringify(item)}: expected E.164 numbers or short codes separated by commas (send '+' as %2B)`,
        );
      }
      to.push(stripPlus(item));
    }
  }

  const start = readDate(params, 'start_date');
  if (typeof start === 'object') return start;
  const end = readDate(params, 'end_date');
  if (typeof end === 'object') return end;

  const clientReference = params.get('client_reference') ?? undefined;
  if (clientReference !== undefined && clientReference.length > 2048) {
    return apiError(400, 'syntax_constraint_violation', "Parameter 'client_reference' must be at most 2048 characters");
  }
  return { to, startMs: start ?? nowMs - DAY_MS, endMs: end, clientReference, page, pageSize };
}

function readInteger(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number | ApiError {
  const raw = params.get(name);
  if (raw === null) return fallback;
  if (!INTEGER.test(raw)) {
    return apiError(400, 'syntax_invalid_parameter_format', `Parameter '${name}' must be an integer, got ${JSON.stringify(raw)}`);
  }
  const value = Number(raw);
  if (value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `between ${min} and ${max}`;
    return apiError(400, 'syntax_constraint_violation', `Parameter '${name}' must be ${range}, got ${raw}`);
  }
  return value;
}

function readDate(params: URLSearchParams, name: string): number | undefined | ApiError {
  const raw = params.get(name);
  if (raw === null) return undefined;
  try {
    return parseSinchDate(raw).getTime();
  } catch {
    return apiError(400, 'syntax_invalid_parameter_format', `Parameter '${name}' is not a valid ISO-8601 date: ${JSON.stringify(raw)}`);
  }
}
