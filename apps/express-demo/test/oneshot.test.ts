// The smoke test (DEMO_ONESHOT=1); the scenario is the kit's, shared with the other demo.
import { describeOneshotSuite } from '@sinch-inbounds/demo-kit/testing';
import { EXPRESS_DEMO } from './support/demo-app.js';

describeOneshotSuite(EXPRESS_DEMO);
