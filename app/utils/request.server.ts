import {
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
} from "@remix-run/node";
import { MAX_PAGE, parseId } from "./ids";

/** A form without files: far below this; larger bodies are refused before they are read. */
const MAX_FORM_BYTES = 256 * 1024;

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

function badRequest(message: string, status = 400): never {
  throw data({ message }, { status });
}

/**
 * C0 control characters other than tab, line feed and carriage return, and DEL. PostgreSQL
 * refuses NUL in text (a 500), and none of them is anything a person typed on purpose.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** The text without control characters: cleaned, so that what the person wrote is kept, not refused. */
export function cleanText(value: string) {
  return value.replace(CONTROL_CHARACTERS, "");
}

/**
 * The one way an action reads its form: a form content type (else 415), a bounded body (else
 * 413) that parses (else 400), every text field cleaned of control characters. Files pass through.
 * Bodies with files go through `readUpload` (streamed, with a per-file limit) instead.
 */
export async function readForm(request: Request, options: { maxBytes?: number } = {}): Promise<FormData> {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!FORM_TYPES.includes(type)) {
    badRequest("Dữ liệu gửi lên phải là một biểu mẫu (form). Hãy gửi lại từ trang web.", 415);
  }
  const maxBytes = options.maxBytes ?? MAX_FORM_BYTES;
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > maxBytes) badRequest("Dữ liệu gửi lên quá lớn.", 413);
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    badRequest("Không đọc được dữ liệu biểu mẫu gửi lên. Hãy tải lại trang và gửi lại.");
  }
  return cleanForm(form);
}

function cleanForm(form: FormData) {
  const cleaned = new FormData();
  for (const [name, value] of form) cleaned.append(cleanText(name), typeof value === "string" ? cleanText(value) : value);
  return cleaned;
}

function formatMegabytes(bytes: number) {
  return new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024));
}

/**
 * Reads a multipart form with files, streamed part by part: a part larger than `maxFileBytes`
 * stops the read at that size (413, in Vietnamese) instead of being held whole in memory first.
 */
export async function readUpload(request: Request, options: { maxFileBytes: number }): Promise<FormData> {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "multipart/form-data") {
    badRequest("Hãy chọn tệp và gửi từ biểu mẫu trên trang web.", 415);
  }
  // Headers and field names of the other parts are small; the bound is the files plus a margin.
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > options.maxFileBytes + MAX_FORM_BYTES) {
    badRequest(`Tệp quá lớn: tối đa ${formatMegabytes(options.maxFileBytes)} MB.`, 413);
  }
  let form: FormData;
  try {
    form = await parseMultipartFormData(request, createMemoryUploadHandler({ maxPartSize: options.maxFileBytes }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      badRequest(`Tệp quá lớn: tối đa ${formatMegabytes(options.maxFileBytes)} MB.`, 413);
    }
    badRequest("Không đọc được tệp gửi lên. Hãy chọn lại tệp và gửi lại.");
  }
  return cleanForm(form);
}

/** A row id from a route parameter; anything else is a 404 (no such page), never a database error. */
export function requireId(value: string | undefined, message = "Không tìm thấy trang đồng chí yêu cầu."): number {
  const id = parseId(value);
  if (id === null) throw data({ message }, { status: 404 });
  return id;
}

/** A 1-based page number from `?trang=` (or another name); anything malformed or out of range is page 1. */
export function pageParam(url: URL | string, name = "trang"): number {
  const raw = (typeof url === "string" ? new URL(url) : url).searchParams.get(name);
  if (!raw || !/^\d{1,6}$/.test(raw)) return 1;
  const page = Number(raw);
  return page >= 1 && page <= MAX_PAGE ? page : 1;
}

/**
 * For a page with an upload form beside plain forms: the multipart one is streamed with its
 * per-file limit (readUpload), the others are read as forms up to `maxBytes` (readForm).
 */
export function readFormOrUpload(request: Request, options: { maxFileBytes: number; maxBytes?: number }): Promise<FormData> {
  const multipart = /^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "");
  return multipart ? readUpload(request, { maxFileBytes: options.maxFileBytes }) : readForm(request, { maxBytes: options.maxBytes });
}

/**
 * Free text from the query string (a search box): control characters cleaned (a NUL reaching SQL is
 * a database error), trimmed, at most `max` characters. The one way loaders read such text.
 */
export function searchText(url: URL | string, name = "q", max = 100): string {
  const raw = (typeof url === "string" ? new URL(url) : url).searchParams.get(name) ?? "";
  return cleanText(raw).trim().slice(0, max);
}
