/**
 * The autosave hot path: `POST /api/bai-lam/:attemptId/luu` with one question's answer
 * (`questionId` and its `q.<id>` options), answered as JSON. Every contestant sends one per
 * click, so it runs beside Remix on the Express app (no route matching, no loaders) and is one
 * SQL statement: the session check, the attempt's owner, open status, deadline and the
 * question/option check are all in the engine's guarded upsert. Pages without JavaScript save
 * through their Remix form actions instead.
 */
import type { Request, Response } from "express";
import { z } from "zod";
import { readSessionId } from "~/auth/session.server";
import { isRowId } from "~/utils/ids";
import { answerField, OptionIds, QuestionId } from "./answer-form";
import { saveAnswers } from "./engine.server";

const Body = z.object({ questionId: QuestionId, selected: OptionIds });

export type AutosaveReply = { ok: true; savedAt: string } | { ok: false; message: string };

/** Saves one answer for the session's user; the status and reply a browser gets. */
export async function autosave(input: { attemptId: string | undefined; cookie: string | undefined; form: Record<string, unknown> }): Promise<{ status: number; reply: AutosaveReply }> {
  const sessionId = readSessionId(input.cookie);
  if (!sessionId) return { status: 401, reply: { ok: false, message: "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại; câu trả lời chưa được lưu." } };
  const attemptId = Number(input.attemptId);
  const questionId = input.form.questionId;
  const raw = typeof questionId === "string" ? input.form[answerField(questionId)] : undefined;
  const parsed = Body.safeParse({ questionId, selected: raw === undefined ? [] : Array.isArray(raw) ? raw : [raw] });
  if (!isRowId(attemptId) || !parsed.success) {
    return { status: 400, reply: { ok: false, message: "Câu trả lời không hợp lệ." } };
  }
  const saved = await saveAnswers({ attemptId, userId: { sessionId }, answers: { [parsed.data.questionId]: parsed.data.selected } });
  if (!("reason" in saved)) {
    if (saved.saved === 0) return { status: 400, reply: { ok: false, message: "Câu trả lời không hợp lệ." } };
    return { status: 200, reply: { ok: true, savedAt: saved.savedAt.toISOString() } };
  }
  const messages = {
    not_found: "Không tìm thấy bài làm của bạn (phiên đăng nhập có thể đã hết hạn). Hãy tải lại trang.",
    submitted: "Bài làm đã nộp, không lưu thêm được.",
    late: "Đã hết giờ làm bài: câu trả lời này không được lưu.",
    invalid: "Câu trả lời không hợp lệ.",
  } as const;
  return { status: saved.reason === "not_found" ? 404 : 400, reply: { ok: false, message: messages[saved.reason] } };
}

/** The Express handler (server.ts mounts it with a urlencoded body parser). */
export async function autosaveHandler(req: Request<{ attemptId: string }>, res: Response) {
  try {
    const { status, reply } = await autosave({ attemptId: req.params.attemptId, cookie: req.headers.cookie, form: (req.body ?? {}) as Record<string, unknown> });
    res.status(status).set("cache-control", "no-store").json(reply);
  } catch (error) {
    console.error("Lỗi lưu câu trả lời:", error);
    res.status(500).json({ ok: false, message: "Máy chủ gặp lỗi: câu trả lời chưa được lưu. Hãy chọn lại sau giây lát." } satisfies AutosaveReply);
  }
}
