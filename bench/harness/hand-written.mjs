// The hand-written minimum the library is measured against (issues 14 and 22): the
// library's checks written inline, plainly, with no library — no more and no less:
// method (405), content type (415), size declared and read (413), HMAC-SHA256 with a key
// made once, the ±300 s window, a nonce memory with expiry that forgets its oldest entry
// past 100,000, the body read as UTF-8 JSON and the mo_text fields checked as the parser
// checks them (dates as `Date`s), and an id memory (claimed before the handler, kept a day
// once handled, released after a failure, 100,000 entries at most) with one async handler.
// It answers as the library does: a precomputed JSON body with the same headers and a
// content-length, written with one writeHead + end. No logging, diagnostics, store
// timeouts, handler deadline, late redeliveries or the dedupe path for a seen nonce
// (here a plain 401): those are the library's extras, and the bench never sends a copy.
import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import { isUtf8 } from 'node:buffer';

const WINDOW_SECONDS = 300;
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_ENTRIES = 100_000;
const LEASE_MS = 5 * 60 * 1000;
const DEDUPE_TTL_MS = 24 * 60 * 60 * 1000;
const HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

/** A `{ status, headers, body }` answer, built once per outcome (as the library's bodies are). */
const answer = (status, body, extra = {}) => ({ status, headers: { ...HEADERS, ...extra }, body });
const ANSWERS = {
  accepted: answer(200, '{"status":"accepted"}'),
  duplicate: answer(200, '{"status":"duplicate"}'),
  methodNotAllowed: answer(405, '{"error":"method_not_allowed"}', { allow: 'POST' }),
  unsupportedMediaType: answer(415, '{"error":"unsupported_media_type"}'),
  tooLarge: answer(413, '{"error":"payload_too_large"}', { connection: 'close' }),
  unauthorized: answer(401, '{"error":"unauthorized"}'),
  badRequest: answer(400, '{"error":"bad_request"}'),
  internalError: answer(500, '{"error":"internal_error"}'),
};

/** The answer to an accepted callback: also what the bench's bare routes send. */
export const ACCEPTED = ANSWERS.accepted;

/**
 * A key → expiry memory: a Map for look-ups and a queue in insertion order for
 * forgetting, so expired entries are dropped from the head and past `MAX_ENTRIES` the
 * oldest is forgotten, each in O(1) (the library's stores are bounded alike). Deleting
 * from the head of the Map itself instead would leave holes that every later walk from
 * the head skips: O(n) per request once the bound is reached.
 */
function boundedMemory() {
  const entries = new Map();
  let queue = [];
  let head = 0;
  const advance = () => {
    queue[head++] = undefined;
    if (head >= 1024 && head * 2 >= queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
  };
  return {
    /** Adds `key` unless it is there and unexpired; true when added. */
    add(key, expiresAt, now) {
      while (head < queue.length && (!queue[head].live || queue[head].expiresAt <= now)) {
        if (queue[head].live) entries.delete(queue[head].key);
        advance();
      }
      const previous = entries.get(key);
      if (previous !== undefined) {
        if (previous.expiresAt > now) return false;
        previous.live = false;
      }
      const slot = { key, expiresAt, live: true };
      entries.set(key, slot);
      queue.push(slot);
      while (entries.size > MAX_ENTRIES) {
        const oldest = queue[head];
        advance();
        if (oldest.live) {
          oldest.live = false;
          entries.delete(oldest.key);
        }
      }
      return true;
    },
    /** Moves `key`'s expiry (it keeps its place: as the library's `update`). */
    extend(key, expiresAt) {
      const slot = entries.get(key);
      if (slot !== undefined) slot.expiresAt = expiresAt;
    },
    delete(key) {
      const slot = entries.get(key);
      if (slot === undefined) return;
      slot.live = false;
      entries.delete(key);
    },
  };
}

const isJson = (type) => {
  if (type === 'application/json') return true;
  if (typeof type !== 'string') return false;
  const semicolon = type.indexOf(';');
  const essence = (semicolon === -1 ? type : type.slice(0, semicolon)).trim().toLowerCase();
  return essence === 'application/json' || (essence.startsWith('application/') && essence.endsWith('+json') && essence.length > 17);
};
const requiredString = (o, key, allowEmpty = false) => typeof o[key] === 'string' && (allowEmpty || o[key].length > 0);
const optionalString = (o, key) => o[key] === undefined || typeof o[key] === 'string';
const dateOf = (text) => (typeof text === 'string' ? new Date(text) : undefined);
const validDate = (date) => date !== undefined && !Number.isNaN(date.getTime());

/**
 * The body as a callback, or undefined when it is not one: UTF-8, a JSON object, and for
 * an inbound message the fields parseInbound requires, with its dates made `Date`s. Any
 * other `type` is kept as it came (the library hands those on as unknown callbacks).
 * @param {Buffer} body
 */
function parseCallback(body) {
  if (!isUtf8(body)) return undefined;
  let json;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json) || typeof json.type !== 'string' || json.type === '') return undefined;
  if (json.type !== 'mo_text') return json;
  const from = typeof json.from === 'number' && Number.isSafeInteger(json.from) && json.from >= 0 ? String(json.from) : json.from;
  if (!requiredString(json, 'id') || typeof from !== 'string' || from === '' || !requiredString(json, 'to') || !requiredString(json, 'body', true)) return undefined;
  if (!optionalString(json, 'operator_id') || !optionalString(json, 'client_reference')) return undefined;
  const receivedAt = dateOf(json.received_at);
  if (!validDate(receivedAt)) return undefined;
  const sentText = json.sent_at ?? json.send_at;
  const sentAt = sentText === undefined ? undefined : dateOf(sentText);
  if (sentText !== undefined && !validDate(sentAt)) return undefined;
  const callback = { id: json.id, type: 'mo_text', from, to: json.to, received_at: receivedAt, body: json.body };
  if (sentAt !== undefined) callback.sent_at = sentAt;
  if (json.operator_id !== undefined) callback.operator_id = json.operator_id;
  if (json.client_reference !== undefined) callback.client_reference = json.client_reference;
  return callback;
}

/**
 * Reads a Node request's body from the stream, as the library does: refused once past
 * `MAX_BODY_BYTES`. Resolves to the bytes, or `undefined` when too large.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Buffer | undefined>}
 */
export function readStreamBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

/**
 * Writes `{ status, headers, body }` as the library's node responses are written: the
 * body encoded, one writeHead with a content-length, then end (no chunked encoding, no ETag).
 * @param {import('node:http').ServerResponse} res
 * @param {{ status: number, headers: Record<string, string>, body: string }} response
 */
export function writeAnswer(res, response) {
  const body = Buffer.from(response.body);
  const head = [];
  for (const name of Object.keys(response.headers)) head.push(name, response.headers[name]);
  head.push('content-length', String(body.length));
  res.writeHead(response.status, head).end(body);
}

/**
 * Answers through a framework's reply as the library's Nest controller does on a
 * non-Node response: each header, then the adapter's reply.
 * @param {{ setHeader(res: unknown, name: string, value: string): unknown, reply(res: unknown, body: unknown, status: number): unknown }} adapter
 */
export function replyAnswer(adapter, res, response) {
  for (const name of Object.keys(response.headers)) adapter.setHeader(res, name, response.headers[name]);
  adapter.reply(res, response.body, response.status);
}

/**
 * A hand-written receiver (own nonce and id memories, living as long as the object) for
 * `secret`; `onCallback` is the one async handler. Consumed like the library's receiver:
 * `handle({ method, headers, body })` resolves to `{ status, headers, body }`, `node(req,
 * res)` reads the stream and writes the answer, `precheck` + `accept` for a body read by
 * someone else (a framework's raw body).
 * @param {string} secret
 * @param {(callback: any) => unknown} onCallback
 */
export function createHandWrittenReceiver(secret, onCallback) {
  const key = createSecretKey(Buffer.from(secret));
  const nonces = boundedMemory();
  const ids = boundedMemory();
  const running = new Map();

  /** 405, 415 or 413 before the body is read, else undefined. */
  const precheck = (method, headers) => {
    if (method !== 'POST') return ANSWERS.methodNotAllowed;
    if (!isJson(headers['content-type'])) return ANSWERS.unsupportedMediaType;
    const declared = headers['content-length'];
    if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > MAX_BODY_BYTES) return ANSWERS.tooLarge;
    return undefined;
  };

  const run = async (id, nonce, callback) => {
    try {
      await onCallback(callback);
    } catch {
      ids.delete(id);
      nonces.delete(nonce);
      return ANSWERS.internalError;
    } finally {
      running.delete(id);
    }
    ids.extend(id, Date.now() + DEDUPE_TTL_MS);
    return ANSWERS.accepted;
  };

  /** The rest, once the body is read. */
  const accept = (headers, body) => {
    if (body.length > MAX_BODY_BYTES) return Promise.resolve(ANSWERS.tooLarge);
    const signature = headers['x-sinch-webhook-signature'];
    const nonce = headers['x-sinch-webhook-signature-nonce'];
    const timestamp = headers['x-sinch-webhook-signature-timestamp'];
    const algorithm = headers['x-sinch-webhook-signature-algorithm'];
    if (typeof signature !== 'string' || typeof nonce !== 'string' || typeof timestamp !== 'string') return Promise.resolve(ANSWERS.unauthorized);
    if (algorithm !== undefined && algorithm.toLowerCase() !== 'hmacsha256') return Promise.resolve(ANSWERS.unauthorized);
    if (!/^\d+$/.test(timestamp)) return Promise.resolve(ANSWERS.unauthorized);
    const expected = createHmac('sha256', key).update(body).update(`.${nonce}.${timestamp}`).digest();
    const given = Buffer.from(signature, 'base64');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return Promise.resolve(ANSWERS.unauthorized);
    const now = Date.now();
    const signedAtMs = Number(timestamp) * 1000;
    if (Math.abs(now - signedAtMs) > WINDOW_SECONDS * 1000) return Promise.resolve(ANSWERS.unauthorized);
    if (!nonces.add(nonce, signedAtMs + WINDOW_SECONDS * 1000, now)) return Promise.resolve(ANSWERS.unauthorized);
    const callback = parseCallback(body);
    if (callback === undefined) {
      nonces.delete(nonce);
      return Promise.resolve(ANSWERS.badRequest);
    }
    const id = callback.id;
    if (typeof id !== 'string') return run(undefined, nonce, callback);
    if (!ids.add(id, now + LEASE_MS, now)) {
      // A copy still running is waited for; a handled one is a duplicate.
      const first = running.get(id);
      return first === undefined ? Promise.resolve(ANSWERS.duplicate) : first.then((a) => (a === ANSWERS.accepted ? ANSWERS.duplicate : a));
    }
    const result = run(id, nonce, callback);
    running.set(id, result);
    return result;
  };

  return {
    precheck,
    accept,
    /** As `receiver.handle()`: a request whose body is already bytes. */
    handle({ method, headers, body }) {
      return precheck(method, headers) ?? accept(headers, body);
    },
    /** As `receiver.node()`: reads the stream, writes the answer. */
    async node(req, res) {
      const early = precheck(req.method, req.headers);
      if (early !== undefined) return writeAnswer(res, early);
      const body = await readStreamBody(req);
      writeAnswer(res, body === undefined ? ANSWERS.tooLarge : await accept(req.headers, body));
    },
  };
}
