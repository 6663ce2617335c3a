import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseErrorBody } from '../../src/client/error-body.js';

describe('parseErrorBody', () => {
  it('reads Sinch {code, text}', () => {
    const raw = '{"code":"syntax_invalid_parameter_format","text":"Parameter to is invalid"}';
    expect(parseErrorBody(raw)).toEqual({
      body: { code: 'syntax_invalid_parameter_format', text: 'Parameter to is invalid' },
      code: 'syntax_invalid_parameter_format',
      text: 'Parameter to is invalid',
    });
  });

  it('reads {code, description}', () => {
    expect(parseErrorBody('{"code":"blocked_account","description":"Account blocked"}')).toMatchObject({
      code: 'blocked_account',
      text: 'Account blocked',
    });
  });

  it('reads {error: {code, message, status}} with a numeric code', () => {
    const info = parseErrorBody('{"error":{"code":401,"message":"Unauthorized","status":"UNAUTHENTICATED"}}');
    expect(info).toMatchObject({ code: '401', text: 'Unauthorized' });
  });

  it('reads RFC 7807 problem details', () => {
    const info = parseErrorBody('{"type":"https://errors.sinch.com/not-found","title":"Not Found","detail":"No inbound 01X"}');
    expect(info).toMatchObject({ code: 'https://errors.sinch.com/not-found', text: 'No inbound 01X' });
  });

  it('reads the OAuth2 {error, error_description} shape', () => {
    expect(parseErrorBody('{"error":"invalid_client","error_description":"Wrong secret"}')).toMatchObject({
      code: 'invalid_client',
      text: 'Wrong secret',
    });
  });

  it('keeps an empty body as an empty string with no code or text', () => {
    expect(parseErrorBody('')).toEqual({ body: '' });
    expect(parseErrorBody('  \n')).toEqual({ body: '  \n' });
  });

  it('keeps short plain text as text, and an HTML page only as body', () => {
    expect(parseErrorBody('Bad Gateway')).toEqual({ body: 'Bad Gateway', text: 'Bad Gateway' });
    const html = '<html><body>502</body></html>';
    expect(parseErrorBody(html)).toEqual({ body: html });
  });

  it('ignores JSON that is not an object, and non-text fields', () => {
    expect(parseErrorBody('[1,2]')).toEqual({ body: [1, 2] });
    expect(parseErrorBody('null')).toEqual({ body: null });
    expect(parseErrorBody('{"code":{"x":1},"text":42}')).toEqual({ body: { code: { x: 1 }, text: 42 }, text: '42' });
  });

  it('never throws, whatever the body', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (raw) => {
        const info = parseErrorBody(raw);
        expect(info.code === undefined || typeof info.code === 'string').toBe(true);
        expect(info.text === undefined || typeof info.text === 'string').toBe(true);
      }),
    );
  });
});
