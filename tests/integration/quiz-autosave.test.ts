import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { quizAnswer, quizAttempt, session, user } from "#db/schema";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { autosave, autosaveTarget, handleAutosave } from "~/quiz/autosave-endpoint.server";
import { startAttempt, submitAttempt, type QuestionSnapshot } from "~/quiz/engine.server";
import { dbTargets, useTestDatabase } from "../support/db";

const QUESTIONS: QuestionSnapshot[] = [
  {
    id: "cq-1",
    type: "single",
    stem: "Một?",
    options: [
      { id: "a", text: "A" },
      { id: "b", text: "B" },
    ],
    correct: ["b"],
    explanation: "",
    topic: "x",
  },
  {
    id: "cq-2",
    type: "multiple",
    stem: "Hai?",
    options: [
      { id: "a", text: "A" },
      { id: "b", text: "B" },
      { id: "c", text: "C" },
    ],
    correct: ["a", "c"],
    explanation: "",
    topic: "x",
  },
];

for (const target of dbTargets()) {
  describe(`autosave endpoint on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    const db = () => handle.database.db;
    const inAnHour = new Date(Date.now() + 3600_000);

    async function attemptFor(userId: string, quizKey: string) {
      const started = await startAttempt({ userId, quizKey, questions: QUESTIONS, timeLimitSeconds: 1800, graceSeconds: 15, maxAttempts: 1, passPercent: 0 });
      if (!started.ok) throw new Error(started.message);
      return started.attemptId;
    }
    async function answers(attemptId: number) {
      return db()
        .select({ questionId: quizAnswer.questionId, selected: quizAnswer.selected })
        .from(quizAnswer)
        .where(eq(quizAnswer.attemptId, attemptId))
        .orderBy(quizAnswer.questionId);
    }

    it("serves the endpoint on the bare HTTP server: a multiple choice as repeated fields, refusing oversized, non-form and crowded bodies", async () => {
      await db().insert(session).values({ id: "s-http", userId: "u-hocvien", expiresAt: inAnHour });
      const attemptId = await attemptFor("u-hocvien", "contest-round:999009");
      const server = http.createServer((req, res) => {
        const id = autosaveTarget(req.method, req.url);
        if (id === null) res.writeHead(404).end();
        else handleAutosave(req, res, id);
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/bai-lam/${attemptId}/luu`;
      const post = (body: string, type = "application/x-www-form-urlencoded") =>
        fetch(url, { method: "POST", headers: { cookie: "phien=s-http", "content-type": type }, body });
      try {
        const saved = await post("questionId=cq-2&q.cq-2=a&q.cq-2=c");
        expect(saved.status).toBe(200);
        expect(saved.headers.get("cache-control")).toBe("no-store");
        expect(((await saved.json()) as { ok: boolean }).ok).toBe(true);
        expect(await answers(attemptId)).toEqual([{ questionId: "cq-2", selected: ["a", "c"] }]);
        const invalid = { ok: false, message: "Câu trả lời không hợp lệ." };
        for (const [body, type] of [
          [`questionId=cq-1&q.cq-1=b&pad=${"x".repeat(20_000)}`, undefined],
          ['{"questionId":"cq-1","q.cq-1":"b"}', "application/json"],
          [`questionId=cq-1&q.cq-1=b${"&x=1".repeat(40)}`, undefined],
        ] as const) {
          const refused = await post(body, type);
          expect(refused.status).toBe(400);
          expect(await refused.json()).toEqual(invalid);
        }
        expect(await answers(attemptId)).toEqual([{ questionId: "cq-2", selected: ["a", "c"] }]);
        expect(autosaveTarget("GET", `/api/bai-lam/${attemptId}/luu`)).toBeNull();
        expect(autosaveTarget("POST", "/api/bai-lam/1/luu/x")).toBeNull();
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it("saves one answer for the session's own open attempt, and nothing for anyone else", async () => {
      await db()
        .insert(session)
        .values([
          { id: "s-hocvien", userId: "u-hocvien", expiresAt: inAnHour },
          { id: "s-thisinh1", userId: "u-thisinh1", expiresAt: inAnHour },
          { id: "s-old", userId: "u-hocvien", expiresAt: new Date(Date.now() - 1000) },
        ]);
      const attemptId = await attemptFor("u-hocvien", "contest-round:999001");
      const cookie = "theme=x; phien=s-hocvien";

      const saved = await autosave({ attemptId: String(attemptId), cookie, form: { questionId: "cq-2", "q.cq-2": ["a", "c"] } });
      expect(saved.status).toBe(200);
      expect(saved.reply.ok).toBe(true);
      // A later click on the same question replaces the answer; a single choice arrives as a string.
      expect((await autosave({ attemptId: String(attemptId), cookie, form: { questionId: "cq-1", "q.cq-1": "b" } })).status).toBe(200);
      expect((await autosave({ attemptId: String(attemptId), cookie, form: { questionId: "cq-2", "q.cq-2": "c" } })).status).toBe(200);
      expect(await answers(attemptId)).toEqual([
        { questionId: "cq-1", selected: ["b"] },
        { questionId: "cq-2", selected: ["c"] },
      ]);

      // Another contestant's session, an expired one, none at all: nothing is written.
      const other = await autosave({ attemptId: String(attemptId), cookie: "phien=s-thisinh1", form: { questionId: "cq-1", "q.cq-1": "a" } });
      expect(other).toMatchObject({ status: 404, reply: { ok: false } });
      expect((await autosave({ attemptId: String(attemptId), cookie: "phien=s-old", form: { questionId: "cq-1", "q.cq-1": "a" } })).status).toBe(404);
      expect(await autosave({ attemptId: String(attemptId), cookie: undefined, form: { questionId: "cq-1", "q.cq-1": "a" } })).toEqual({
        status: 401,
        reply: { ok: false, message: "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại; câu trả lời chưa được lưu." },
      });
      // A disabled account's session no longer saves.
      await db().update(user).set({ disabledAt: new Date() }).where(eq(user.id, "u-thisinh1"));
      const own = await attemptFor("u-thisinh1", "contest-round:999001");
      expect((await autosave({ attemptId: String(own), cookie: "phien=s-thisinh1", form: { questionId: "cq-1", "q.cq-1": "a" } })).status).toBe(404);
      await db().update(user).set({ disabledAt: null }).where(eq(user.id, "u-thisinh1"));

      // Options and questions outside the attempt, two choices on a single-choice question, garbage ids.
      for (const form of [
        { questionId: "cq-1", "q.cq-1": "z" },
        { questionId: "cq-9", "q.cq-9": "a" },
        { questionId: "cq-1", "q.cq-1": ["a", "b"] },
        { questionId: "cq-1", "q.cq-1": "A'--" },
        {},
      ]) {
        expect(await autosave({ attemptId: String(attemptId), cookie, form })).toEqual({
          status: 400,
          reply: { ok: false, message: "Câu trả lời không hợp lệ." },
        });
      }
      expect((await autosave({ attemptId: "99999999999", cookie, form: { questionId: "cq-1", "q.cq-1": "a" } })).status).toBe(400);
      expect(await answers(attemptId)).toEqual([
        { questionId: "cq-1", selected: ["b"] },
        { questionId: "cq-2", selected: ["c"] },
      ]);
    });

    it("refuses after the deadline and after hand-in, with the reason in Vietnamese", async () => {
      await db().insert(session).values({ id: "s-thisinh2", userId: "u-thisinh2", expiresAt: inAnHour });
      const attemptId = await attemptFor("u-thisinh2", "contest-round:999002");
      const cookie = "phien=s-thisinh2";
      await db()
        .update(quizAttempt)
        .set({ deadline: new Date(Date.now() - 60_000) })
        .where(eq(quizAttempt.id, attemptId));
      expect(await autosave({ attemptId: String(attemptId), cookie, form: { questionId: "cq-1", "q.cq-1": "b" } })).toEqual({
        status: 400,
        reply: { ok: false, message: "Đã hết giờ làm bài: câu trả lời này không được lưu." },
      });
      await db().update(quizAttempt).set({ deadline: inAnHour }).where(eq(quizAttempt.id, attemptId));
      expect((await autosave({ attemptId: String(attemptId), cookie, form: { questionId: "cq-1", "q.cq-1": "b" } })).status).toBe(200);
      await submitAttempt({ attemptId, userId: "u-thisinh2" });
      expect(await autosave({ attemptId: String(attemptId), cookie, form: { questionId: "cq-1", "q.cq-1": "a" } })).toEqual({
        status: 400,
        reply: { ok: false, message: "Bài làm đã nộp, không lưu thêm được." },
      });
      const [row] = await db()
        .select({ selected: quizAnswer.selected })
        .from(quizAnswer)
        .where(and(eq(quizAnswer.attemptId, attemptId), eq(quizAnswer.questionId, "cq-1")));
      expect(row!.selected).toEqual(["b"]);
    });
  });
}
