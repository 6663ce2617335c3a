// REDIS_URL: the inbox runs queued on BullMQ, with its panel and Bull Board; the scenario is the kit's, shared with the other demo.
import { describeQueueSuite } from '@sinch-inbounds/demo-kit/testing';
import { NESTJS_DEMO } from './support/demo-app.js';

describeQueueSuite(NESTJS_DEMO);
