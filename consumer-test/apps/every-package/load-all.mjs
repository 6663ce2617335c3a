// Loads every installed @sinch-inbounds package both ways a user can: import and require.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const loaded = [];
for (const dir of readdirSync('node_modules/@sinch-inbounds').sort()) {
  const name = `@sinch-inbounds/${dir}`;
  const esm = await import(name);
  const cjs = require(name);
  if (Object.keys(esm).length === 0 || Object.keys(cjs).length === 0) throw new Error(`${name} exports nothing`);
  loaded.push(name);
}
console.log(JSON.stringify(loaded));
