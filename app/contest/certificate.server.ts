import { readFileSync } from "node:fs";
import path from "node:path";
import PDFDocument from "pdfkit";
import { formatDate } from "~/utils/format";

/**
 * Noto Serif from @fontsource (installed with npm, so CI has it): the "vietnamese" subset holds
 * the letters with Vietnamese diacritics, the "latin" subset the rest. pdfkit has no font
 * fallback, so text is written in runs, each run in the subset that has its letters.
 */
const FONT_DIR = path.resolve(process.cwd(), "node_modules/@fontsource/noto-serif/files");
const VIETNAMESE_RANGES: [number, number][] = [
  [0x0102, 0x0103], [0x0110, 0x0111], [0x0128, 0x0129], [0x0168, 0x0169], [0x01a0, 0x01a1], [0x01af, 0x01b0],
  [0x0300, 0x0301], [0x0303, 0x0304], [0x0308, 0x0309], [0x0323, 0x0323], [0x0329, 0x0329], [0x1ea0, 0x1ef9], [0x20ab, 0x20ab],
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

function writeLine(doc: Doc, text: string, options: { size: number; bold?: boolean; color?: string; gap?: number }) {
  const weight = options.bold ? "700" : "400";
  const runs = fontRuns(text);
  doc.fontSize(options.size).fillColor(options.color ?? "#222222");
  // Centre the whole line by measuring the runs, then write them one after another.
  const width = runs.reduce((sum, run) => sum + doc.font(`${run.subset}-${weight}`).widthOfString(run.text), 0);
  const available = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  let x = doc.page.margins.left + Math.max(0, (available - width) / 2);
  const y = doc.y;
  for (const run of runs) {
    doc.font(`${run.subset}-${weight}`).text(run.text, x, y, { lineBreak: false });
    x += doc.widthOfString(run.text);
  }
  doc.y = y + options.size * 1.4 + (options.gap ?? 0);
  doc.x = doc.page.margins.left;
}

export interface CertificateInput {
  contestName: string;
  organiserName: string;
  fullName: string;
  unitName: string;
  prize: string;
  rank: number;
  issuedOn: Date;
}

/** A one-page A4 landscape certificate for a prize winner. */
export async function renderCertificate(input: CertificateInput): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", layout: "landscape", margins: { top: 60, bottom: 40, left: 60, right: 60 }, info: { Title: `Giấy chứng nhận — ${input.fullName}` } });
  for (const [name, data] of Object.entries(loadFonts())) doc.registerFont(name, data);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));

  const { width, height } = doc.page;
  doc.rect(20, 20, width - 40, height - 40).lineWidth(3).strokeColor("#a0201a").stroke();
  doc.rect(30, 30, width - 60, height - 60).lineWidth(1).strokeColor("#c9a227").stroke();
  doc.y = 90;
  writeLine(doc, "ĐẢNG CỘNG SẢN VIỆT NAM", { size: 14, bold: true, color: "#a0201a" });
  writeLine(doc, input.organiserName.toUpperCase(), { size: 12, gap: 40 });
  writeLine(doc, "GIẤY CHỨNG NHẬN", { size: 34, bold: true, color: "#a0201a", gap: 24 });
  writeLine(doc, "Chứng nhận đồng chí", { size: 16 });
  writeLine(doc, input.fullName, { size: 28, bold: true, gap: 4 });
  writeLine(doc, input.unitName, { size: 15, gap: 24 });
  writeLine(doc, `Đã đạt ${input.prize} (xếp hạng ${input.rank})`, { size: 20, bold: true, color: "#a0201a" });
  writeLine(doc, `tại ${input.contestName}`, { size: 16, gap: 48 });
  writeLine(doc, `Ngày ${formatDate(input.issuedOn)}`, { size: 13 });
  writeLine(doc, "TM. BAN TỔ CHỨC HỘI THI", { size: 13, bold: true });
  doc.end();
  return done;
}
