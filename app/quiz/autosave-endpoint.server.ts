/**
 * The autosave hot path: `POST /api/bai-lam/:attemptId/luu` with one question's answer
 * (`questionId` and its `q.<id>` options), answered as JSON. Every contestant sends one per
 * click, so it is served by the bare HTTP server before Express and Remix (no middleware, no
 * route matching, no loaders) and is one SQL statement: the session check, the attempt's owner, open status, deadline and the
 * question/option check are all in the engine's guarded upsert. Pages without JavaScript save
 * through their Remix form actions instead.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { readSessionId } from "~/auth/session.server";
import { parseId } from "~/utils/ids";
import { answerField, OptionIds, QuestionId } from "./answer-form";
import { saveAnswers } from "./engine.server";

const Body = z.object({ questionId: QuestionId, selected: OptionIds });

export type AutosaveReply = { ok: true; savedAt: string } | { ok: false; message: string };

/** Saves one answer for the session's user; the status and reply a browser gets. */
export async function autosave(input: {
  attemptId: string | undefined;
  cookie: string | undefined;
  form: Record<string, unknown>;
}): Promise<{ status: number; reply: AutosaveReply }> {
  const sessionId = readSessionId(input.cookie);
  if (!sessionId) return { status: 401, reply: { ok: false, message: "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại; câu trả lời chưa được lưu." } };
  const attemptId = parseId(input.attemptId);
  const questionId = input.form.questionId;
  const raw = typeof questionId === "string" ? input.form[answerField(questionId)] : undefined;
  const parsed = Body.safeParse({ questionId, selected: raw === undefined ? [] : Array.isArray(raw) ? raw : [raw] });
  if (attemptId === null || !parsed.success) {
    return { status: 400, reply: { ok: false, message: "Câu trả lời không hợp lệ." } };
  }
  const saved = await saveAnswers({ attemptId, userId: { sessionId }, answers: { [parsed.data.questionId]: parsed.data.selected } });
  if (saved.ok) {
    if (saved.saved === 0) return { status: 400, reply: { ok: false, message: "Câu trả lời không hợp lệ." } };
    return { status: 200, reply: { ok: true, savedAt: saved.savedAt.toISOString() } };
  }
  // Here an attempt not found is most often a session that ran out in another tab.
  if (saved.code === "not_found") return { status: 404, reply: { ok: false, message: NOT_FOUND } };
  return { status: 400, reply: { ok: false, message: saved.message } };
}

const NOT_FOUND = "Không tìm thấy bài làm của đồng chí (phiên đăng nhập có thể đã hết hạn). Hãy tải lại trang.";

const PATH = /^\/api\/bai-lam\/([^/?]+)\/luu(?:\?.*)?$/;
const MAX_BODY_BYTES = 16 * 1024;
const MAX_FIELDS = 32;
const INVALID: AutosaveReply = { ok: false, message: "Câu trả lời không hợp lệ." };

/** The attempt id of an autosave request (`POST /api/bai-lam/:attemptId/luu`), or null for any other request. */
export function autosaveTarget(method: string | undefined, url: string | undefined) {
  if (method !== "POST" || !url) return null;
  return PATH.exec(url)?.[1] ?? null;
}

/** An urlencoded form: repeated names (a multiple-choice question's options) become arrays; null if too many fields. */
export function parseForm(body: string): Record<string, string | string[]> | null {
  const form: Record<string, string | string[]> = {};
  let fields = 0;
  for (const [name, value] of new URLSearchParams(body)) {
    if (++fields > MAX_FIELDS) return null;
    const seen = form[name];
    form[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return form;
}

function reply(res: ServerResponse, status: number, body: AutosaveReply) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" }).end(JSON.stringify(body));
}

/**
 * Serves an autosave on the bare HTTP server, before Express and Remix (server.ts): every
 * contestant sends one per click, and Express's routing and body parsing were a sixth of its cost.
 */
export function handleAutosave(req: IncomingMessage, res: ServerResponse, attemptId: string) {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on("data", (chunk: Buffer) => {
    if (size > MAX_BODY_BYTES) return;
    size += chunk.length;
    chunks.push(chunk);
    // One answer is a few hundred bytes: a larger body is refused at once, and the connection
    // closes once the reply is sent (the rest of the body is not kept).
    if (size > MAX_BODY_BYTES) reply(res.setHeader("connection", "close"), 400, INVALID);
  });
  req.on("end", () => {
    if (size > MAX_BODY_BYTES) return;
    const urlencoded = (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
    const form = urlencoded ? parseForm(Buffer.concat(chunks).toString("utf8")) : null;
    if (!form) return reply(res, 400, INVALID);
    autosave({ attemptId, cookie: req.headers.cookie, form })
      .then(({ status, reply: body }) => reply(res, status, body))
      .catch((error: unknown) => {
        console.error("Lỗi lưu câu trả lời:", error);
        reply(res, 500, { ok: false, message: "Máy chủ gặp lỗi: câu trả lời chưa được lưu. Hãy chọn lại sau giây lát." });
      });
  });
}
