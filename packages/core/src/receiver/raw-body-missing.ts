/**
 * The message given when a body parser consumed the request before the receiver could
 * read the bytes Sinch signed. It names the fixes, because re-serialising the parsed
 * object would change the bytes and break every signature.
 */
export const RAW_BODY_MISSING_MESSAGE =
  'The request body was already consumed by a body parser and no raw body was kept, so the exact bytes ' +
  'Sinch signed are gone (re-serialising the parsed JSON would change them). Fix it in your app: ' +
  'NestJS: create the app with NestFactory.create(AppModule, { rawBody: true }) (Express or Fastify platform). ' +
  'Express: mount the Sinch webhook before express.json(); or use express.raw({ type: \'application/json\' }) on its route; ' +
  'or keep the bytes with express.json({ verify: (req, _res, buf) => { req.rawBody = buf } }).';
