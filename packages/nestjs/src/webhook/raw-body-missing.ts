/**
 * Why a Nest app answers 500 to every callback when its raw body is missing, and how to
 * fix it. Nest's JSON parser consumed the stream and, without `rawBody: true`, kept no
 * copy of the bytes Sinch signed; re-serialising the parsed object would change them.
 */
export const NEST_RAW_BODY_MISSING_MESSAGE =
  'Sinch webhook: the raw request body is not available, so the signature cannot be checked. ' +
  "Create the Nest application with the raw body kept: NestFactory.create(AppModule, { rawBody: true }) " +
  '(works with @nestjs/platform-express and @nestjs/platform-fastify).';

/** The 500 body sent while the raw body is missing: the fix, and nothing about the request. */
export const NEST_RAW_BODY_MISSING_BODY = JSON.stringify({
  error: 'internal_error',
  message: NEST_RAW_BODY_MISSING_MESSAGE,
});
