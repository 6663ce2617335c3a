// REDIS_URL: shared dedupe and replay memory in Redis; the scenario is the kit's, shared with the other demo.
import { describeRedisSuite } from '@sinch-inbounds/demo-kit/testing';
import { EXPRESS_DEMO } from './support/demo-app.js';

describeRedisSuite(EXPRESS_DEMO);
