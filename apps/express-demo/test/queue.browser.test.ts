// REDIS_URL: the queued inbox's page in Chromium; the scenario is the kit's, shared with the other demo.
import { describeQueueBrowserSuite } from '@sinch-inbounds/demo-kit/testing';
import { EXPRESS_DEMO } from './support/demo-app.js';

describeQueueBrowserSuite(EXPRESS_DEMO);
