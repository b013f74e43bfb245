import { readFileSync } from "node:fs";
import path from "node:path";
import PDFDocument from "pdfkit";
import { placeAndDate } from "~/utils/party-document";

/**
 * Noto Serif from @fontsource (installed with npm, so CI has it): the "vietnamese" subset holds
 * the letters with Vietnamese diacritics, the "latin" subset the rest. pdfkit has no font
 * fallback, so text is written in runs, each run in the subset that has its letters.
 */
const FONT_DIR = path.resolve(process.cwd(), "node_modules/@fontsource/noto-serif/files");
const VIETNAMESE_RANGES: [number, number][] = [
  [0x0102, 0x0103],
  [0x0110, 0x0111],
  [0x0128, 0x0129],
  [0x0168, 0x0169],
  [0x01a0, 0x01a1],
  [0x01af, 0x01b0],
  [0x0300, 0x0301],
  [0x0303, 0x0304],
  [0x0308, 0x0309],
  [0x0323, 0x0323],
  [0x0329, 0x0329],
  [0x1ea0, 0x1ef9],
  [0x20ab, 0x20ab],
];

let fonts: Record<string, Buffer> | null = null;
function loadFonts() {
  fonts ??= {
    "latin-400": readFileSync(path.join(FONT_DIR, "noto-serif-latin-400-normal.woff")),
    "latin-700": readFileSync(path.join(FONT_DIR, "noto-serif-latin-700-normal.woff")),
    "vi-400": readFileSync(path.join(FONT_DIR, "noto-serif-vietnamese-400-normal.woff")),
    "vi-700": readFileSync(path.join(FONT_DIR, "noto-serif-vietnamese-700-normal.woff")),
  };
  return fonts;
}

function isVietnamese(char: string) {
  const code = char.codePointAt(0)!;
  return VIETNAMESE_RANGES.some(([from, to]) => code >= from && code <= to);
}

/** Splits NFC text into runs of the same font subset. */
export function fontRuns(text: string) {
  const runs: { subset: "latin" | "vi"; text: string }[] = [];
  for (const char of text.normalize("NFC")) {
    const subset = isVietnamese(char) ? "vi" : "latin";
    const last = runs[runs.length - 1];
    if (last && last.subset === subset) last.text += char;
    else runs.push({ subset, text: char });
  }
  return runs;
}

type Doc = InstanceType<typeof PDFDocument>;

interface LineOptions {
  size: number;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  color?: string;
  gap?: number;
  /** The column the line is centred in (default: between the page margins). */
  x?: number;
  width?: number;
  /** Long text shrinks down to this size before it wraps onto more lines (names never overflow). */
  minSize?: number;
}

function measure(doc: Doc, text: string, weight: string) {
  return fontRuns(text).reduce((sum, run) => sum + doc.font(`${run.subset}-${weight}`).widthOfString(run.text), 0);
}

/** Greedy word wrap by measured width. */
function wrap(doc: Doc, text: string, weight: string, width: number) {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && measure(doc, candidate, weight) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

/** Writes text centred in a column, in runs of the font subset that has its letters. */
function writeLine(doc: Doc, text: string, options: LineOptions) {
  const weight = options.bold ? "700" : "400";
  const left = options.x ?? doc.page.margins.left;
  const available = options.width ?? doc.page.width - doc.page.margins.left - doc.page.margins.right;
  let size = options.size;
  doc.fontSize(size);
  while (options.minSize && size > options.minSize && measure(doc, text, weight) > available) doc.fontSize((size -= 1));
  doc.fillColor(options.color ?? "#222222");
  const startY = doc.y;
  let y = startY;
  for (const line of wrap(doc, text, weight, available)) {
    const width = measure(doc, line, weight);
    let x = left + Math.max(0, (available - width) / 2);
    for (const run of fontRuns(line)) {
      // Noto Serif's subsets here are upright only: italics are drawn with a slant.
      if (options.italic) doc.save().transform(1, 0, -0.2, 1, 0.2 * (y + size), 0);
      doc.font(`${run.subset}-${weight}`).text(run.text, x, y, { lineBreak: false });
      if (options.italic) doc.restore();
      x += doc.widthOfString(run.text);
    }
    if (options.underline)
      doc
        .moveTo(left + (available - width) / 2, y + size * 1.2)
        .lineTo(left + (available + width) / 2, y + size * 1.2)
        .lineWidth(0.8)
        .strokeColor(options.color ?? "#222222")
        .stroke();
    y += size * 1.4;
  }
  doc.y = y + (options.gap ?? 0);
  doc.x = doc.page.margins.left;
  return startY;
}

export interface CertificateInput {
  contestName: string;
  organiserName: string;
  fullName: string;
  unitName: string;
  prize: string;
  rank: number;
  /** The calendar day of issue (yyyy-mm-dd). */
  issuedOn: string;
  signer: { capacity: string; title: string; name: string };
}

/** What the certificate says, part by part, in the party-document form (domain.md §12). */
export function certificateText(input: CertificateInput) {
  return {
    issuer: input.organiserName.toUpperCase(),
    party: "ĐẢNG CỘNG SẢN VIỆT NAM",
    title: "GIẤY CHỨNG NHẬN",
    lead: "Chứng nhận đồng chí",
    name: input.fullName,
    unit: input.unitName,
    achievement: `Đã đạt ${input.prize} (xếp hạng ${input.rank})`,
    contest: `tại ${input.contestName}`,
    placeDate: placeAndDate(input.issuedOn),
    signature: [input.signer.capacity, input.signer.title, input.signer.name] as const,
  };
}

/** A one-page A4 landscape certificate for a prize winner. */
export async function renderCertificate(input: CertificateInput): Promise<Buffer> {
  const text = certificateText(input);
  const doc = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margins: { top: 60, bottom: 40, left: 70, right: 70 },
    info: { Title: `Giấy chứng nhận — ${input.fullName}` },
  });
  for (const [name, data] of Object.entries(loadFonts())) doc.registerFont(name, data);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));

  const { width, height } = doc.page;
  doc
    .rect(20, 20, width - 40, height - 40)
    .lineWidth(3)
    .strokeColor("#a0201a")
    .stroke();
  doc
    .rect(30, 30, width - 60, height - 60)
    .lineWidth(1)
    .strokeColor("#c9a227")
    .stroke();
  const column = (width - 140) / 2;
  const right = 70 + column;
  // Header: the issuing body left (with "*" below), the party's name right (underlined).
  doc.y = 55;
  writeLine(doc, text.issuer, { size: 12, bold: true, x: 70, width: column, minSize: 9 });
  writeLine(doc, "*", { size: 12, x: 70, width: column });
  doc.y = 55;
  writeLine(doc, text.party, { size: 13, bold: true, underline: true, x: right, width: column });
  doc.y = 150;
  writeLine(doc, text.title, { size: 34, bold: true, color: "#a0201a", gap: 16 });
  writeLine(doc, text.lead, { size: 16 });
  writeLine(doc, text.name, { size: 28, bold: true, gap: 2, minSize: 16 });
  writeLine(doc, text.unit, { size: 15, gap: 14, minSize: 11 });
  writeLine(doc, text.achievement, { size: 20, bold: true, color: "#a0201a", minSize: 14 });
  writeLine(doc, text.contest, { size: 15, gap: 18, minSize: 12 });
  // Place and date, then the signature block, both in the right half; space to sign and seal.
  writeLine(doc, text.placeDate, { size: 13, italic: true, x: right, width: column, gap: 4 });
  writeLine(doc, text.signature[0], { size: 13, bold: true, x: right, width: column, minSize: 10 });
  writeLine(doc, text.signature[1], { size: 13, bold: true, x: right, width: column, minSize: 10, gap: 56 });
  writeLine(doc, text.signature[2], { size: 14, bold: true, x: right, width: column, minSize: 10 });
  doc.end();
  return done;
}
