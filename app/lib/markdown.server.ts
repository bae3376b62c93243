import MarkdownIt from "markdown-it";

// Raw HTML is escaped, and markdown-it refuses javascript:, vbscript: and data: links,
// so resolution texts typed by admins cannot inject scripts.
const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

export function renderMarkdown(text: string): string {
  return md.render(text);
}
