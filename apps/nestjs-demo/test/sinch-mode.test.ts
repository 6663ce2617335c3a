// Sinch mode end to end against the sinch-simulator CLI; the scenario is the kit's, shared with the other demo.
import { describeSinchModeSuite } from '@sinch-inbounds/demo-kit/testing';
import { NESTJS_DEMO } from './support/demo-app.js';

describeSinchModeSuite(NESTJS_DEMO);
