// REDIS_URL: shared dedupe and replay memory in Redis; the scenario is the kit's, shared with the other demo.
import { describeRedisSuite } from '@sinch-inbounds/demo-kit/testing';
import { NESTJS_DEMO } from './support/demo-app.js';

describeRedisSuite(NESTJS_DEMO);
