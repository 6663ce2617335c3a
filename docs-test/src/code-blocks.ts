/** One fenced code block of a README, with where it is and what its info string says. */
export interface CodeBlock {
  /** The README's path from the repository root, e.g. `packages/core/README.md`. */
  readme: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The info string as written after the fence. */
  info: string;
  /** Its first word (`ts`, `sh`, …), lower case; `''` when there is none. */
  lang: string;
  /** Its `key=value` words (`file`, `fragment`, `app`, `module`). */
  attrs: Readonly<Record<string, string>>;
  /** The code between the fences. */
  code: string;
  /** The nearest heading above the block, as GitHub anchors it (`receive-sms-with-express`). */
  section: string;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const CLOSING_FENCE = /^ {0,3}(`{3,}|~{3,})\s*$/;
const HEADING = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/;

/**
 * Every fenced code block of a Markdown document, in order. Headings inside code blocks
 * are not headings; an unclosed fence runs to the end of the document, as GitHub shows it.
 */
export function extractCodeBlocks(readme: string, markdown: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    const open = FENCE.exec(text);
    if (open === null) {
      const heading = HEADING.exec(text);
      if (heading !== null) section = headingAnchor(heading[1]!);
      continue;
    }
    const fence = open[1]!;
    const info = open[2]!.trim();
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = CLOSING_FENCE.exec(lines[j]!);
      if (close !== null && close[1]![0] === fence[0] && close[1]!.length >= fence.length) break;
      body.push(lines[j]!);
    }
    const [lang = '', ...words] = info.split(/\s+/).filter((w) => w !== '');
    const attrs: Record<string, string> = {};
    for (const word of words) {
      const eq = word.indexOf('=');
      attrs[eq === -1 ? word : word.slice(0, eq)] = eq === -1 ? '' : word.slice(eq + 1);
    }
    blocks.push({ readme, line: i + 1, info, lang: lang.toLowerCase(), attrs, code: body.join('\n'), section });
    i = j;
  }
  return blocks;
}

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to dashes. */
export function headingAnchor(heading: string): string {
  return heading
    .replace(/`/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}
