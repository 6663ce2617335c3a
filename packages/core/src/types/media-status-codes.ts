/** What one MO media status code means (the `code` of an MMS attachment). */
export interface MediaStatusCode {
  /** The numeric code Sinch sends; 0 is the only success. */
  code: number;
  /** Short name, e.g. `"Bucket not found"`, to show to people. */
  name: string;
  /** The `status` text Sinch pairs with it: `"Uploaded"` or `"Failed"`. */
  status: 'Uploaded' | 'Failed';
  /** One sentence on what happened. */
  description: string;
}

/**
 * Sinch's MO media status codes: 0-2 from Sinch's REST API reference, 3 from its SDK
 * documentation. Any code other than 0 is a failed upload.
 */
export const MEDIA_STATUS_CODES: readonly MediaStatusCode[] = Object.freeze([
  Object.freeze({ code: 0, name: 'Uploaded', status: 'Uploaded', description: 'Attachment successfully uploaded to storage.' }),
  Object.freeze({ code: 1, name: 'Internal failure', status: 'Failed', description: 'Internal exception happened during upload.' }),
  Object.freeze({ code: 2, name: 'Bucket not found', status: 'Failed', description: "Provisioned bucket doesn't exist." }),
  Object.freeze({
    code: 3,
    name: 'Bucket key error',
    status: 'Failed',
    description: 'The storage bucket rejected the upload key (named in the SDK documentation only).',
  }),
] as const satisfies readonly MediaStatusCode[]);

/**
 * What a media status code means. A code this library does not know is still a failed
 * upload (Sinch: anything but 0), so it gets a generic entry rather than `undefined`:
 * `{ code: 7, name: 'Unknown failure (code 7)', status: 'Failed', … }`.
 */
export function mediaStatusCode(code: number): MediaStatusCode {
  const known = MEDIA_STATUS_CODES.find((entry) => entry.code === code);
  if (known !== undefined) return known;
  return {
    code,
    name: `Unknown failure (code ${code})`,
    status: 'Failed',
    description: 'A code this version of the library does not know; any code other than 0 is a failed upload.',
  };
}
