import { readFileSync } from 'node:fs';

/** The complete-file code blocks of a recipe (```ts file=PATH), by path. */
export function codeBlocks(recipe: string): Map<string, string> {
  const text = readFileSync(new URL(`../${recipe}`, import.meta.url), 'utf8');
  return new Map([...text.matchAll(/```\w+ file=(\S+)\n([\s\S]*?)```/g)].map((m) => [m[1] as string, m[2] as string]));
}
