import { isMediaUploaded, mediaStatusCode, type InboundMessage } from '@sinch-inbounds/core';

/** One console line for a received message: its type, sender, recipient and text. */
export function describeMessage(message: InboundMessage): string {
  const head = `${message.type} from ${message.from} to ${message.to}`;
  switch (message.type) {
    case 'mo_text':
      return `${head}: ${JSON.stringify(message.body)}`;
    case 'mo_binary':
      return `${head}: ${Buffer.from(message.body, 'base64').length} bytes, UDH ${message.udh}`;
    case 'mo_media': {
      const media = message.body.media ?? [];
      const uploaded = media.filter(isMediaUploaded).length;
      // Why each one failed, by name ("Bucket not found"), not only by number.
      const reasons = media
        .filter((item) => !isMediaUploaded(item))
        .map((item) => (item.code === undefined ? 'unreadable' : mediaStatusCode(item.code).name));
      const text = [message.body.subject, message.body.message].filter((part) => part !== undefined).join(' — ');
      const failed = reasons.length === 0 ? '0 failed' : `${reasons.length} failed: ${reasons.join(', ')}`;
      return `${head}: ${JSON.stringify(text)} (${uploaded} attachment(s) uploaded, ${failed})`;
    }
  }
}
