/** Kinds of meeting, and which resolutions and quorums they hold. */
export const MEETING_KINDS = ["ago", "age", "ago-age", "board", "written"] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_STATUSES = ["draft", "convened", "open", "closed"] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** Whether the meeting checks attendance and quorum (a written consultation and a board meeting do not). */
export function hasQuorum(kind: MeetingKind): boolean {
  return kind === "ago" || kind === "age" || kind === "ago-age";
}

/** The kinds of resolution a meeting may decide. */
export function resolutionKinds(kind: MeetingKind): ("ordinary" | "extraordinary")[] {
  if (kind === "age") return ["extraordinary"];
  if (kind === "ago-age") return ["ordinary", "extraordinary"];
  return ["ordinary"];
}

/** Documents: PDF and office files, recognised by extension and by their first bytes. */
export const DOCUMENT_TYPES: Record<string, { mediaType: string; magic: "pdf" | "zip" | "ole" }> = {
  pdf: { mediaType: "application/pdf", magic: "pdf" },
  docx: { mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", magic: "zip" },
  xlsx: { mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", magic: "zip" },
  pptx: { mediaType: "application/vnd.openxmlformats-officedocument.presentationml.presentation", magic: "zip" },
  odt: { mediaType: "application/vnd.oasis.opendocument.text", magic: "zip" },
  ods: { mediaType: "application/vnd.oasis.opendocument.spreadsheet", magic: "zip" },
  odp: { mediaType: "application/vnd.oasis.opendocument.presentation", magic: "zip" },
  doc: { mediaType: "application/msword", magic: "ole" },
  xls: { mediaType: "application/vnd.ms-excel", magic: "ole" },
  ppt: { mediaType: "application/vnd.ms-powerpoint", magic: "ole" },
};
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

const MAGIC: Record<"pdf" | "zip" | "ole", number[]> = {
  pdf: [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  zip: [0x50, 0x4b, 0x03, 0x04],
  ole: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
};

/** The type of an uploaded document, or why it is refused. */
export function checkDocument(name: string, bytes: Uint8Array): { ok: true; extension: string; mediaType: string } | { ok: false; reason: "type" | "size" | "empty" | "content" } {
  if (bytes.length === 0) return { ok: false, reason: "empty" };
  if (bytes.length > MAX_DOCUMENT_BYTES) return { ok: false, reason: "size" };
  const extension = name.toLowerCase().split(".").pop() ?? "";
  const type = DOCUMENT_TYPES[extension];
  if (!type) return { ok: false, reason: "type" };
  const magic = MAGIC[type.magic];
  if (!magic.every((b, i) => bytes[i] === b)) return { ok: false, reason: "content" };
  return { ok: true, extension, mediaType: type.mediaType };
}
