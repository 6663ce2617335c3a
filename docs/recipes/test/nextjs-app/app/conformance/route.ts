// Test-only: the recipe's route handlers, over the receiver of the running conformance case.
import { caseReceiver } from '../../lib/case-receiver';
import { sinchRouteHandlers } from '../../lib/sinch-route-handlers';

export const { POST, GET, HEAD, OPTIONS, PUT, PATCH, DELETE } = sinchRouteHandlers(caseReceiver);
