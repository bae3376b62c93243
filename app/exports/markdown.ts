// Markdown writer for the document model. Pure and deterministic: same model, same string.
// No running header, page numbers or footer note: the caller appends its own footer.
import type { Block, DocumentModel, Run } from "./document";
import { mergeRuns } from "./document";

/** Characters that could open Markdown structure anywhere in a line. */
const INLINE_SPECIAL = /[\\*_[\]#|<>`]/g;

function escapeInline(s: string): string {
  // Control characters have no business in a text file (and \r would split lines).
  return s
    .replace(/\t/g, " ")
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, "")
    .replace(INLINE_SPECIAL, (c) => `\\${c}`);
}

/** At the start of a line, user text must not become a list item, a setext underline or a code block. */
function escapeLineStart(s: string): string {
  const t = s.replace(/^[ \t]+/, "");
  return t.replace(/^([-+=])/, "\\$1").replace(/^(\d+)([.)])/, "$1\\$2");
}

// Text that oneLine leaves as it is (most table cells: names, numbers): nothing to escape or
// remove, no line break or tab, no space at either end. Checked once rather than four passes.
const ALREADY_ONE_LINE = /^(?:[^\s\\*_[\]#|<>`\u0000-\u001F\u007F](?:[^\n\t\\*_[\]#|<>`\u0000-\u001F\u007F]*[^\s\\*_[\]#|<>`\u0000-\u001F\u007F])?)?$/;

/** Plain text on one line (headings, table cells): newlines become spaces. */
function oneLine(s: string): string {
  if (ALREADY_ONE_LINE.test(s)) return s;
  return escapeInline(s.replace(/\s*\n\s*/g, " ").trim());
}

/**
 * Runs to Markdown. A newline inside a run is a hard line break (a backslash before it), and
 * `continuation` indents the following lines (list items).
 */
function renderRuns(runs: Run[], continuation = ""): string {
  let out = "";
  let atLineStart = true;
  for (const run of mergeRuns(runs)) {
    const lines = run.text.split("\n");
    lines.forEach((line, i) => {
      if (i > 0) {
        out += `\\\n${continuation}`;
        atLineStart = true;
      }
      if (line === "") return;
      const marker = run.bold && run.italic ? "***" : run.bold ? "**" : run.italic ? "*" : "";
      if (!marker) {
        out += atLineStart ? escapeLineStart(escapeInline(line)) : escapeInline(line);
      } else {
        // Emphasis must hug its text: spaces inside the markers would leave them literal.
        const m = /^(\s*)(.*?)(\s*)$/s.exec(line)!;
        const [, lead = "", core = "", trail = ""] = m;
        out += atLineStart ? "" : lead;
        if (core) out += `${marker}${escapeInline(core)}${marker}`;
        out += trail;
      }
      atLineStart = false;
    });
  }
  // A trailing hard break would have nothing after it.
  return out.replace(/\\\n[ ]*$/, "");
}

function renderTable(b: Extract<Block, { type: "table" }>): string | null {
  const columns = Math.max(b.header.length, ...b.rows.map((r) => r.length), b.footer?.length ?? 0);
  if (columns === 0) return null;
  const cells = (r: string[], bold = false) =>
    Array.from({ length: columns }, (_, i) => {
      const c = oneLine(r[i] ?? "");
      return bold && c ? `**${c}**` : c;
    });
  const line = (cs: string[]) => `| ${cs.join(" | ")} |`;
  const rule = Array.from({ length: columns }, (_, i) => (b.align?.[i] === "right" ? "---:" : "---"));
  const out = [line(cells(b.header)), line(rule), ...b.rows.map((r) => line(cells(r)))];
  if (b.footer) out.push(line(cells(b.footer, true)));
  const table = out.join("\n");
  return b.caption ? `**${oneLine(b.caption)}**\n\n${table}` : table;
}

function renderBlock(b: Block, lang: DocumentModel["lang"]): string | null {
  switch (b.type) {
    case "title":
      return `# ${oneLine(b.text)}`;
    case "heading":
      return `${"#".repeat(b.level + 1)} ${oneLine(b.text)}`;
    case "paragraph": {
      const s = renderRuns(b.runs);
      return s === "" ? null : s;
    }
    case "list": {
      const items = b.items.map((it, i) => {
        const marker = b.ordered ? `${i + 1}. ` : "- ";
        return `${marker}${renderRuns(it, " ".repeat(marker.length))}`;
      });
      return items.length ? items.join("\n") : null;
    }
    case "table":
      return renderTable(b);
    case "signatures": {
      // French typography puts a space before the colon.
      const colon = lang === "fr" ? " : " : ": ";
      const out = b.lines.map(
        (l) => `${escapeLineStart(oneLine(l.role))}${colon}${oneLine(l.name)}\n\nSignature${colon}____________________`,
      );
      return out.length ? out.join("\n\n") : null;
    }
    case "pageBreak":
      return null;
  }
}

export function renderMarkdown(doc: DocumentModel): string {
  const parts = doc.blocks.map((b) => renderBlock(b, doc.lang)).filter((s): s is string => s !== null);
  return `${parts.join("\n\n").replace(/\n+$/, "")}\n`;
}
