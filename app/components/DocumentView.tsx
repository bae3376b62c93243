import type { Block, DocumentModel, Run } from "~/exports/document";
import { scrollRegion } from "./Forms";

function Runs({ runs }: { runs: Run[] }) {
  return (
    <>
      {runs.map((r, i) => {
        let node: React.ReactNode = r.text;
        if (r.italic) node = <em>{node}</em>;
        if (r.bold) node = <strong>{node}</strong>;
        return <span key={i}>{node}</span>;
      })}
    </>
  );
}

function BlockView({ block }: { block: Block }) {
  switch (block.type) {
    case "title":
      return <h2 className="doc-title">{block.text}</h2>;
    case "heading": {
      const Tag = (["h3", "h4", "h5"] as const)[block.level - 1]!;
      return <Tag>{block.text}</Tag>;
    }
    case "paragraph":
      return (
        <p>
          <Runs runs={block.runs} />
        </p>
      );
    case "list": {
      const items = block.items.map((item, i) => (
        <li key={i}>
          <Runs runs={item} />
        </li>
      ));
      return block.ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
    }
    case "table":
      return (
        <div {...scrollRegion(block.caption)}>
          <table>
            {block.caption ? <caption>{block.caption}</caption> : null}
            <thead>
              <tr>
                {block.header.map((h, i) => (
                  <th key={i} scope="col" className={block.align?.[i] === "right" ? "num" : undefined}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, i) => (
                    <td key={i} className={block.align?.[i] === "right" ? "num" : undefined}>
                      {cell}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            {block.footer ? (
              <tfoot>
                <tr>
                  {block.footer.map((cell, i) => (
                    <td key={i} className={block.align?.[i] === "right" ? "num" : undefined}>
                      {cell}
                    </td>
                  ))}
                </tr>
              </tfoot>
            ) : null}
          </table>
        </div>
      );
    case "signatures":
      return (
        <div className="signatures">
          {block.lines.map((l, i) => (
            <div key={i} className="signature">
              <p>
                <strong>{l.role}</strong>
              </p>
              <p>{l.name}</p>
            </div>
          ))}
        </div>
      );
    case "pageBreak":
      return <hr />;
  }
}

/** A document (minutes, attendance sheet) as a web page, for the preview. */
export function DocumentView({ doc }: { doc: DocumentModel }) {
  return (
    <article className="document" lang={doc.lang}>
      {doc.blocks.map((b, i) => (
        <BlockView key={i} block={b} />
      ))}
    </article>
  );
}
