import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractCodeBlocks, type CodeBlock } from './code-blocks.js';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The READMEs whose code must run: the root one and every workspace package's and app's
 * (`packages/*`, `apps/*`) — what users read on GitHub and npm. `bench/` and
 * `consumer-test/` document the repository's own tooling and are left out.
 */
export function readmePaths(root = REPO_ROOT): string[] {
  const inFolders = ['packages', 'apps'].flatMap((folder) =>
    readdirSync(join(root, folder), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(root, folder, entry.name, 'README.md')))
      .map((entry) => `${folder}/${entry.name}/README.md`)
      .sort(),
  );
  return ['README.md', ...inFolders];
}

/** The text of a README, by its path from the repository root. */
export function readReadme(path: string, root = REPO_ROOT): string {
  return readFileSync(join(root, path), 'utf8');
}

/** Every code block of every README. */
export function allCodeBlocks(root = REPO_ROOT): CodeBlock[] {
  return readmePaths(root).flatMap((path) => extractCodeBlocks(path, readReadme(path, root)));
}
