/** Files people upload, recognised by extension and by their first bytes. */
type Magic = "pdf" | "zip" | "ole" | "jpeg" | "png";
export type FileTypes = Record<string, { mediaType: string; magic: Magic }>;

/** Meeting documents: PDF and office files. */
export const DOCUMENT_TYPES: FileTypes = {
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

/** Expense receipts: PDF or a photo. */
export const RECEIPT_TYPES: FileTypes = {
  pdf: { mediaType: "application/pdf", magic: "pdf" },
  jpg: { mediaType: "image/jpeg", magic: "jpeg" },
  jpeg: { mediaType: "image/jpeg", magic: "jpeg" },
  png: { mediaType: "image/png", magic: "png" },
};

const MAGIC: Record<Magic, number[]> = {
  pdf: [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  zip: [0x50, 0x4b, 0x03, 0x04],
  ole: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
  jpeg: [0xff, 0xd8, 0xff],
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
};

/** The type of an uploaded file, or why it is refused. */
export function checkDocument(name: string, bytes: Uint8Array, types: FileTypes = DOCUMENT_TYPES): { ok: true; extension: string; mediaType: string } | { ok: false; reason: "type" | "size" | "empty" | "content" } {
  if (bytes.length === 0) return { ok: false, reason: "empty" };
  if (bytes.length > MAX_DOCUMENT_BYTES) return { ok: false, reason: "size" };
  const extension = name.toLowerCase().split(".").pop() ?? "";
  // Own keys only: "x.constructor" or "x.__proto__" must not find Object.prototype's members.
  const type = Object.hasOwn(types, extension) ? types[extension] : undefined;
  if (!type) return { ok: false, reason: "type" };
  const magic = MAGIC[type.magic];
  if (!magic.every((b, i) => bytes[i] === b)) return { ok: false, reason: "content" };
  return { ok: true, extension, mediaType: type.mediaType };
}
