// Prints benchmark rows as a markdown table, so results paste straight into notes.

/**
 * @param {string} title
 * @param {string[]} columns
 * @param {Array<Array<string | number>>} rows
 */
export function printTable(title, columns, rows) {
  const cells = rows.map((row) => row.map((c) => (typeof c === 'number' ? formatNumber(c) : String(c))));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(`\n### ${title}\n`);
  console.log(line(columns));
  console.log(`|${widths.map((w, i) => (i === 0 ? ':' : '-') + '-'.repeat(w) + (i === 0 ? '-' : ':')).join('|')}|`);
  for (const r of cells) console.log(line(r));
  console.log('');
}

/** A number with thousands separators and sensible precision. */
export function formatNumber(n) {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  return n.toFixed(2);
}
