// The inbox page: shows what the server holds, adds messages live over Server-Sent
// Events, and merges what a backfill brings by id. Plain browser JavaScript, no build step.
'use strict';

/** Every message shown, by id: a message that arrives twice (webhook + backfill) is shown once. */
const messages = new Map();
/** The rendered element of each message, by id, so re-sorting never rebuilds them. */
const elements = new Map();

const $ = (id) => document.getElementById(id);
const list = $('messages');
const template = $('message-template');
const TYPE_LABELS = { mo_text: 'text', mo_binary: 'binary', mo_media: 'MMS' };

function time(message) {
  const ms = Date.parse(message.received_at);
  return Number.isNaN(ms) ? 0 : ms;
}

/** Adds the messages not shown yet (an inbound never changes, so a known id is skipped); returns how many were new. */
function merge(incoming, { highlight = false } = {}) {
  let added = 0;
  for (const message of incoming) {
    if (messages.has(message.id)) continue;
    added++;
    messages.set(message.id, message);
    elements.set(message.id, renderMessage(message, highlight));
  }
  if (added === 0) return 0;
  // Newest first; ids (ULIDs) break ties in received time.
  const sorted = [...messages.values()].sort((a, b) => time(b) - time(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  list.replaceChildren(...sorted.map((m) => elements.get(m.id)));
  $('count').textContent = `${messages.size} message${messages.size === 1 ? '' : 's'}`;
  $('empty').hidden = messages.size > 0;
  return added;
}

function renderMessage(message, highlight) {
  const li = template.content.firstElementChild.cloneNode(true);
  li.dataset.id = message.id;
  li.dataset.type = message.type;
  if (highlight) li.classList.add('fresh');
  li.querySelector('.type').textContent = TYPE_LABELS[message.type] ?? message.type;
  li.querySelector('.from').textContent = message.from;
  li.querySelector('.to').textContent = message.to;
  const received = li.querySelector('.received');
  received.dateTime = message.received_at;
  received.title = `received ${message.received_at}`;
  received.textContent = new Date(message.received_at).toLocaleString();
  li.querySelector('.id').textContent = `id ${message.id}`;
  if (message.client_reference) li.querySelector('.ref').textContent = `· client reference ${message.client_reference}`;
  const content = li.querySelector('.content');
  if (message.type === 'mo_text') content.textContent = message.body;
  else if (message.type === 'mo_binary') renderBinary(content, message);
  else if (message.type === 'mo_media') renderMedia(content, message.body ?? {});
  return li;
}

// Names of Sinch's media status codes, put into the page by the server from core's MEDIA_STATUS_CODES.
const MEDIA_STATUS_NAMES = new Map(
  JSON.parse(document.getElementById('media-status-codes')?.textContent || '[]').map((entry) => [entry.code, entry.name]),
);

function mediaStatusName(code) {
  return MEDIA_STATUS_NAMES.get(code) ?? `unknown code ${code}`;
}

function renderBinary(content, message) {
  const bytes = base64Bytes(message.body);
  const size = document.createElement('span');
  size.className = 'size';
  size.textContent = `${bytes.length} byte${bytes.length === 1 ? '' : 's'} of binary data · UDH `;
  const udh = document.createElement('code');
  udh.className = 'udh';
  udh.textContent = message.udh;
  const preview = document.createElement('div');
  preview.className = 'preview';
  const hex = [...bytes.slice(0, 24)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  preview.textContent = `payload ${hex}${bytes.length > 24 ? ' …' : ''}`;
  content.append(size, udh, preview);
}

function base64Bytes(text) {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return new Uint8Array(0);
  }
}

function renderMedia(content, body) {
  if (body.subject) {
    const subject = document.createElement('div');
    subject.className = 'subject';
    subject.textContent = body.subject;
    content.append(subject);
  }
  if (body.message) {
    const text = document.createElement('div');
    text.className = 'text';
    text.textContent = body.message;
    content.append(text);
  }
  const items = document.createElement('ul');
  items.className = 'media';
  for (const item of body.media ?? []) {
    const li = document.createElement('li');
    // Sinch: any code other than 0 is a failed upload, whatever the status text says.
    const uploaded = item.code === 0 && item.status !== 'Failed' && typeof item.url === 'string';
    // Only web links become links: a `javascript:` URL in a payload must not run on click.
    const safeUrl = uploaded && /^https?:\/\//i.test(item.url);
    if (item.unreadable && !uploaded) {
      li.className = 'failed';
      li.textContent = `✕ attachment could not be read: ${item.unreadable.reason ?? 'unknown problem'}`;
    } else if (!uploaded) {
      li.className = 'failed';
      li.textContent = `✕ upload failed: ${mediaStatusName(item.code)} (${item.content_type}, code ${item.code})`;
    } else if (!safeUrl) {
      li.className = 'uploaded';
      li.textContent = `${item.content_type} at an unsupported URL: ${item.url}`;
    } else {
      li.className = 'uploaded';
      const link = document.createElement('a');
      link.href = item.url;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      if (String(item.content_type).startsWith('image/')) {
        const img = document.createElement('img');
        img.src = item.url;
        img.alt = item.content_type;
        link.append(img);
      } else {
        link.textContent = `${item.content_type} attachment`;
      }
      li.append(link);
    }
    items.append(li);
  }
  if (items.childElementCount > 0) content.append(items);
}

function status(text, state) {
  const el = $('status');
  el.textContent = text;
  el.dataset.state = state;
}

async function load() {
  const res = await fetch('api/messages');
  if (!res.ok) throw new Error(`GET api/messages answered ${res.status}`);
  const data = await res.json();
  $('mode').textContent = data.mode === 'simulator' ? 'simulator mode' : 'Sinch mode';
  $('send-form').hidden = data.mode !== 'simulator';
  merge(data.messages);
}

const sum = (byReason) => Object.values(byReason).reduce((a, b) => a + b, 0);
const reasons = (byReason) => Object.entries(byReason).map(([reason, n]) => `${reason} ${n}`).join(', ');

/** Shows the webhook outcome counts: accepted, duplicate, refused and failed, with their reasons. */
function renderOutcomes(counts) {
  $('outcome-accepted').textContent = counts.accepted;
  $('outcome-duplicate').textContent = counts.duplicate;
  $('outcome-refused').textContent = sum(counts.refused);
  $('outcome-failed').textContent = sum(counts.failed);
  // Red only once something was refused or failed.
  $('outcome-refused').parentElement.classList.toggle('some', sum(counts.refused) > 0);
  $('outcome-failed').parentElement.classList.toggle('some', sum(counts.failed) > 0);
  const parts = [];
  if (sum(counts.refused) > 0) parts.push(`refused: ${reasons(counts.refused)}`);
  if (sum(counts.failed) > 0) parts.push(`failed (Sinch redelivers): ${reasons(counts.failed)}`);
  $('outcome-reasons').textContent = parts.join(' · ');
}

async function loadOutcomes() {
  const res = await fetch('api/outcomes');
  if (res.ok) renderOutcomes(await res.json());
}

function listen() {
  const events = new EventSource('api/events');
  const live = $('live');
  events.addEventListener('open', () => {
    live.textContent = 'live';
    live.className = 'badge on';
    // Fetch again once subscribed (and after each reconnect): whatever arrived before the
    // stream was open is then shown too; merging by id makes the overlap harmless.
    load().catch((error) => status(error.message, 'error'));
    loadOutcomes().catch(() => {});
  });
  events.addEventListener('error', () => {
    live.textContent = 'live: reconnecting…';
    live.className = 'badge off';
  });
  events.addEventListener('inbound', (event) => merge([JSON.parse(event.data)], { highlight: true }));
  events.addEventListener('outcomes', (event) => renderOutcomes(JSON.parse(event.data)));
}

$('backfill').addEventListener('click', async () => {
  const button = $('backfill');
  button.disabled = true;
  status('Reconciling the last 23 h with the inbounds API…', 'busy');
  try {
    // The server runs receiver.reconcile(): what webhooks missed goes through the same
    // handlers (and so into the inbox and onto the live stream); the answer is its report.
    const res = await fetch('api/backfill', { method: 'POST' });
    const report = await res.json();
    if (!res.ok) throw new Error(report.error ?? `backfill answered ${res.status}`);
    // The new messages come over the live stream; loading once more shows them even if the stream lags.
    await load();
    status(report.summary, 'done');
  } catch (error) {
    status(`Backfill failed: ${error.message}`, 'error');
  } finally {
    button.disabled = false;
  }
});

$('send-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const fields = Object.fromEntries(new FormData(form));
  status('Sending through the simulator…', 'busy');
  try {
    const res = await fetch('api/send', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fields),
    });
    const data = await res.json();
    if (!res.ok) throw new Error(data.error ?? `send answered ${res.status}`);
    form.elements.body.value = '';
    status(`Sent ${data.id}; it shows up when the webhook receives it.`, 'sent');
  } catch (error) {
    status(`Send failed: ${error.message}`, 'error');
  }
});

listen();
load().catch((error) => status(`Could not load the inbox: ${error.message}`, 'error'));
