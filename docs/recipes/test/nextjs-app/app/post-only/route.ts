// Test-only: the one-line route (POST only), to show what Next answers for the other methods.
import { caseReceiver } from '../../lib/case-receiver';

export const POST = (request: Request) => caseReceiver().fetch(request);
