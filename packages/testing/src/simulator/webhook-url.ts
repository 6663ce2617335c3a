/**
 * Checks that a webhook URL is an absolute `http:` or `https:` URL.
 *
 * @throws {TypeError} naming the URL and what is wrong with it.
 */
export function validateWebhookUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`webhook URL ${JSON.stringify(url)} is not a valid absolute URL (e.g. http://127.0.0.1:3000/sinch)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`webhook URL ${JSON.stringify(url)} must use http: or https:, not ${parsed.protocol}`);
  }
  return parsed;
}
