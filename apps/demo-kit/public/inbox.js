// The inbox page: conversations grouped by sender, each with a reply box; messages come
// live over Server-Sent Events, a backfill's are merged by id, and each reply shows its
// delivery status as Sinch's reports arrive. Plain browser JavaScript, no build step.
'use strict';

/** Every message shown, by id: a message that arrives twice (webhook + backfill) is shown once. */
const messages = new Map();
/** Every reply sent, by batch id, with its latest status. */
const replies = new Map();
/** The rendered element of each message (by id) and reply (by batch id), so re-sorting never rebuilds them. */
const elements = new Map();
/** One element per conversation: a sender and the number they wrote to. */
const conversations = new Map();

const $ = (id) => document.getElementById(id);
const list = $('messages');
const template = $('message-template');
const TYPE_LABELS = { mo_text: 'text', mo_binary: 'binary', mo_media: 'MMS' };
// What a reply's tick says for each status; any other final status is a failure.
const TICKS = { Sent: '… sent', Queued: '🕓 queued', Dispatched: '✓ dispatched', Delivered: '✓✓ delivered' };

function time(message) {
  const ms = Date.parse(message.received_at ?? message.sent_at);
  return Number.isNaN(ms) ? 0 : ms;
}

// A conversation is a sender and the number they wrote to; a reply goes the other way.
const keyOf = (item) => ('batch_id' in item ? `${item.to}|${item.from}` : `${item.from}|${item.to}`);
const idOf = (item) => item.batch_id ?? item.id;
const byTime = (a, b) => time(a) - time(b) || (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0);

/** Adds the messages not shown yet (an inbound never changes, so a known id is skipped); returns how many were new. */
function merge(incoming, { highlight = false } = {}) {
  let added = 0;
  for (const message of incoming) {
    if (messages.has(message.id)) continue;
    added++;
    messages.set(message.id, message);
    elements.set(message.id, renderMessage(message, highlight));
  }
  if (added > 0) layout();
  return added;
}

/** Shows a reply, or its new status. */
function mergeReply(reply) {
  const known = replies.get(reply.batch_id);
  replies.set(reply.batch_id, reply);
  const el = elements.get(reply.batch_id) ?? renderReply(reply);
  elements.set(reply.batch_id, el);
  showStatus(el, reply);
  if (known === undefined) layout();
}

/** Puts every message and reply into its conversation: conversations newest first, each thread oldest first. */
function layout() {
  const threads = new Map();
  for (const item of [...messages.values(), ...replies.values()]) {
    const key = keyOf(item);
    if (!threads.has(key)) threads.set(key, []);
    threads.get(key).push(item);
  }
  const ordered = [...threads.entries()].map(([key, items]) => [key, items.sort(byTime)]);
  ordered.sort(([, a], [, b]) => byTime(b.at(-1), a.at(-1)));
  list.replaceChildren(
    ...ordered.map(([key, items]) => {
      const conversation = conversations.get(key) ?? renderConversation(key);
      conversations.set(key, conversation);
      conversation.querySelector('.thread').replaceChildren(...items.map((item) => elements.get(idOf(item))));
      // The reply box answers the newest message of the sender.
      const inbound = items.filter((item) => !('batch_id' in item)).at(-1);
      conversation.querySelector('input[name="inboundId"]').value = inbound?.id ?? '';
      conversation.querySelector('.reply-form').hidden = inbound === undefined;
      return conversation;
    }),
  );
  $('count').textContent = `${messages.size} message${messages.size === 1 ? '' : 's'}, ${ordered.length} conversation${ordered.length === 1 ? '' : 's'}`;
  $('empty').hidden = messages.size > 0;
}

function renderConversation(key) {
  const [peer, number] = key.split('|');
  const li = $('conversation-template').content.firstElementChild.cloneNode(true);
  li.dataset.peer = peer;
  li.dataset.number = number;
  li.querySelector('.peer').textContent = peer;
  li.querySelector('.number').textContent = number;
  li.querySelector('.reply-form').addEventListener('submit', sendReply);
  return li;
}

function renderReply(reply) {
  const li = $('reply-template').content.firstElementChild.cloneNode(true);
  li.dataset.batchId = reply.batch_id;
  li.querySelector('.content').textContent = reply.body;
  li.querySelector('.batch').textContent = `batch ${reply.batch_id}`;
  const sent = li.querySelector('.sent');
  sent.dateTime = reply.sent_at;
  sent.textContent = new Date(reply.sent_at).toLocaleString();
  return li;
}

function showStatus(el, reply) {
  el.dataset.status = reply.status;
  const failed = reply.final && reply.status !== 'Delivered';
  el.classList.toggle('failed', failed);
  el.querySelector('.tick').textContent = failed ? `✕ ${reply.status.toLowerCase()} (code ${reply.code})` : (TICKS[reply.status] ?? reply.status);
}

async function sendReply(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const fields = Object.fromEntries(new FormData(form));
  status('Replying through the inbounds client…', 'busy');
  try {
    const res = await fetch('api/reply', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fields) });
    const data = await res.json();
    if (!res.ok) throw new Error(data.error ?? `reply answered ${res.status}`);
    mergeReply(data);
    form.elements.body.value = '';
    status(`Replied: batch ${data.batch_id}; its delivery reports update the tick.`, 'sent');
  } catch (error) {
    status(`Reply failed: ${error.message}`, 'error');
  }
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
  for (const reply of data.replies ?? []) mergeReply(reply);
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
  // Inline this includes the handlers' time; queued only the enqueue's, slow handler or not.
  $('outcome-latency').textContent = counts.lastAcceptedMs == null ? '' : `The webhook answered the last accepted callback in ${counts.lastAcceptedMs} ms.`;
}

async function loadOutcomes() {
  const res = await fetch('api/outcomes');
  if (res.ok) renderOutcomes(await res.json());
}

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed'];

/** Shows the queue panel (queued mode only): the jobs by state and the slow-handler switch. */
function renderQueue(state) {
  $('queue').hidden = false;
  for (const name of QUEUE_STATES) $(`queue-${name}`).textContent = state.counts[name];
  $('queue-failed').parentElement.classList.toggle('some', state.counts.failed > 0);
  $('slow-handler').checked = state.slowHandler.enabled;
  $('slow-handler-seconds').textContent = state.slowHandler.delayMs / 1000;
  $('queue-dashboard').href = state.dashboard.replace(/^\//, '');
}

/** The panel's state, when the server rendered the page for a queued inbox (REDIS_URL); otherwise the panel stays hidden. */
async function loadQueue() {
  if (document.body.dataset.queued !== 'true') return;
  const res = await fetch('api/queue');
  if (res.ok) renderQueue(await res.json());
}

$('slow-handler').addEventListener('change', async (event) => {
  const enabled = event.currentTarget.checked;
  try {
    const res = await fetch('api/queue/slow-handler', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enabled }) });
    const data = await res.json();
    if (!res.ok) throw new Error(data.error ?? `slow handler answered ${res.status}`);
    renderQueue(data);
    status(enabled ? `Slow handler on: each message now takes ${data.slowHandler.delayMs / 1000} s; send a few and watch them queue.` : 'Slow handler off.', 'done');
  } catch (error) {
    status(`Slow handler: ${error.message}`, 'error');
  }
});

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
    loadQueue().catch(() => {});
  });
  events.addEventListener('error', () => {
    live.textContent = 'live: reconnecting…';
    live.className = 'badge off';
  });
  events.addEventListener('inbound', (event) => merge([JSON.parse(event.data)], { highlight: true }));
  events.addEventListener('outcomes', (event) => renderOutcomes(JSON.parse(event.data)));
  events.addEventListener('reply', (event) => mergeReply(JSON.parse(event.data)));
  events.addEventListener('queue', (event) => renderQueue(JSON.parse(event.data)));
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
