/** A plain JSON object (not null, not an array), as the parsers read it. */
export type JsonObject = Record<string, unknown>;
