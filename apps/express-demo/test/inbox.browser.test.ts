// The inbox page in headless Chromium; the scenario is the kit's, shared with the other demo.
import { describeInboxBrowserSuite } from '@sinch-inbounds/demo-kit/testing';
import { EXPRESS_DEMO } from './support/demo-app.js';

describeInboxBrowserSuite(EXPRESS_DEMO);
