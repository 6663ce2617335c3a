/**
 * The message given when a body parser consumed the request before the receiver could
 * read the bytes Sinch signed. It names the fixes, because re-serialising the parsed
 * object would change the bytes and break every signature.
 */
export const RAW_BODY_MISSING_MESSAGE =
  'The request body was already consumed by a body parser (e.g. express.json()) and no raw body was kept, ' +
  'so the exact bytes Sinch signed are gone. Fix one of: mount the Sinch webhook before express.json(); ' +
  "or use express.raw({ type: 'application/json' }) on its route; or keep the raw bytes with " +
  'express.json({ verify: (req, _res, buf) => { req.rawBody = buf } }); in NestJS create the app with { rawBody: true }.';
