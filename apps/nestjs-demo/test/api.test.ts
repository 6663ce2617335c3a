// The JSON API and the verified webhook; the scenario is the kit's, shared with the other demo.
import { describeInboxApiSuite } from '@sinch-inbounds/demo-kit/testing';
import { NESTJS_DEMO } from './support/demo-app.js';

describeInboxApiSuite(NESTJS_DEMO);
