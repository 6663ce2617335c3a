// What the testing package's synchronous signer does where core resolves to its web build
// (Bun here): it must refuse with a TypeError that names the async alternative, never
// hand back headers without a signature.
import { signedCallbackHeaders } from '@sinch-inbounds/testing';

try {
  const headers = signedCallbackHeaders('{}', { secret: 's3cret' });
  console.log(JSON.stringify({ headers }));
} catch (error) {
  console.log(JSON.stringify({ error: (error as Error).name, message: (error as Error).message }));
}
