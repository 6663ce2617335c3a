// Ctrl+C or SIGTERM while the seeded messages arrive; the scenario is the kit's, shared with the other demo.
import { describeShutdownSuite } from '@sinch-inbounds/demo-kit/testing';
import { NESTJS_DEMO } from './support/demo-app.js';

describeShutdownSuite(NESTJS_DEMO);
