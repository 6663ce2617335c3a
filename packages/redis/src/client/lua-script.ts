import { createHash } from 'node:crypto';

/** A Lua script, sent by SHA1 once Redis has it cached. */
export interface LuaScript {
  readonly source: string;
  readonly sha1: string;
}

/** Wraps `source` with its SHA1, as `EVALSHA` names it. */
export function luaScript(source: string): LuaScript {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}

/**
 * True when Redis does not have the script cached (it restarted, or `SCRIPT FLUSH`):
 * the caller then sends the source once with `EVAL`.
 */
export function isNoScriptError(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}
