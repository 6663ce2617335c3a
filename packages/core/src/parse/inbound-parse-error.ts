// The class lives in types/ so that types describing parse outcomes (an unreadable
// page item, say) can name it without importing upward; parse/ keeps its old path.
export { InboundParseError } from '../types/inbound-parse-error.js';
