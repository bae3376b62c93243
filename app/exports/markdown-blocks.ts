// Converts a user's Markdown (debate summaries, incidents, resolution texts) into document blocks.
// markdown-it only tokenises here: nothing is rendered to HTML, and with `html: false` raw HTML
// arrives as ordinary text tokens, so it is printed literally and never interpreted.
import MarkdownIt from "markdown-it";
import type { Block, Run } from "./document";
import { mergeRuns } from "./document";

type Token = ReturnType<MarkdownIt["parse"]>[number];

// Built on first use: a server that never renders minutes never builds it.
let parser: MarkdownIt | null = null;

function inlineRuns(children: Token[] | null): Run[] {
  const runs: Run[] = [];
  let bold = 0;
  let italic = 0;
  const links: { href: string; autolink: boolean; from: number }[] = [];
  const push = (text: string) => runs.push({ text, bold: bold > 0, italic: italic > 0 });
  const textSince = (from: number) =>
    runs
      .slice(from)
      .map((r) => r.text)
      .join("");
  for (const c of children ?? []) {
    switch (c.type) {
      case "text":
      case "code_inline":
      case "html_inline":
        push(c.content);
        break;
      case "softbreak":
        // A single newline in Markdown is a space (as in the HTML rendering of the same text).
        push(" ");
        break;
      case "hardbreak":
        push("\n");
        break;
      case "strong_open":
        bold++;
        break;
      case "strong_close":
        bold--;
        break;
      case "em_open":
        italic++;
        break;
      case "em_close":
        italic--;
        break;
      case "link_open":
        links.push({ href: c.attrGet("href") ?? "", autolink: c.markup === "autolink", from: runs.length });
        break;
      case "link_close": {
        const link = links.pop();
        // Printed documents cannot be clicked: keep the address visible after the text.
        if (link && link.href && !link.autolink && textSince(link.from) !== link.href) {
          runs.push({ text: ` (${link.href})` });
        }
        break;
      }
      case "image":
        push(c.content);
        break;
      default:
        // s_open/s_close (strikethrough) and other markers carry no text.
        if (c.content && !c.type.endsWith("_open") && !c.type.endsWith("_close")) push(c.content);
    }
  }
  return mergeRuns(runs);
}

const plain = (runs: Run[]) => runs.map((r) => r.text).join("");

export function markdownToBlocks(markdown: string): Block[] {
  if (markdown.trim() === "") return [];
  const tokens = (parser ??= new MarkdownIt({ html: false })).parse(markdown, {});
  const blocks: Block[] = [];

  // Lists are one level in the model: nested lists add their items to the outermost list.
  let list: { ordered: boolean; items: Run[][] } | null = null;
  let listDepth = 0;
  let item: Run[] | null = null;

  let table: { header: string[]; rows: string[][]; align: ("left" | "right")[] } | null = null;
  let row: string[] | null = null;
  let inHead = false;

  const emit = (runs: Run[], heading = false) => {
    if (runs.length === 0) return;
    if (list && item) {
      if (item.length > 0) item.push({ text: "\n" });
      item.push(...runs);
      return;
    }
    if (heading) blocks.push({ type: "heading", level: 3, text: plain(runs) });
    else blocks.push({ type: "paragraph", runs });
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    switch (t.type) {
      case "bullet_list_open":
      case "ordered_list_open":
        if (listDepth === 0) list = { ordered: t.type === "ordered_list_open", items: [] };
        listDepth++;
        break;
      case "bullet_list_close":
      case "ordered_list_close":
        listDepth--;
        if (listDepth === 0 && list) {
          const items = list.items.map(mergeRuns).filter((it) => it.length > 0);
          if (items.length > 0) blocks.push({ type: "list", ordered: list.ordered, items });
          list = null;
          item = null;
        }
        break;
      case "list_item_open":
        if (list) {
          item = [];
          list.items.push(item);
        }
        break;
      case "inline": {
        const runs = inlineRuns(t.children);
        const opener = tokens[i - 1]?.type;
        if (row && (opener === "th_open" || opener === "td_open")) row.push(plain(runs));
        else emit(runs, opener === "heading_open");
        break;
      }
      case "fence":
      case "code_block":
        emit([{ text: t.content.replace(/\n$/, "") }]);
        break;
      case "table_open":
        table = { header: [], rows: [], align: [] };
        break;
      case "thead_open":
        inHead = true;
        break;
      case "thead_close":
        inHead = false;
        break;
      case "tr_open":
        row = [];
        break;
      case "th_open":
      case "td_open":
        if (inHead && table) table.align.push(/text-align:\s*right/.test(t.attrGet("style") ?? "") ? "right" : "left");
        // An empty cell has no inline token: reserve its slot so the columns stay aligned.
        if (row && tokens[i + 1]?.type !== "inline") row.push("");
        break;
      case "tr_close":
        if (table && row) {
          if (inHead) table.header = row;
          else table.rows.push(row);
        }
        row = null;
        break;
      case "table_close":
        if (table) {
          if (list && item) {
            // The model has no table inside a list item: keep its text, one row per line.
            emit([{ text: [table.header, ...table.rows].map((r) => r.join(" | ")).join("\n") }]);
          } else {
            const { header, rows, align } = table;
            blocks.push({ type: "table", header, rows, ...(align.includes("right") ? { align } : {}) });
          }
        }
        table = null;
        break;
      default:
        // paragraph/heading/blockquote open-close and hr carry no text of their own.
        break;
    }
  }
  return blocks;
}
