import { z } from "zod";
import { and, eq, like, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { auditLog, moduleCompletion, quizAttempt, quizOverride, trainingCompletion, user } from "#db/schema";
import { getBank } from "~/quiz/bank.server";
import { startAttempt, submitAttempt } from "~/quiz/engine.server";
import * as indexRoute from "~/routes/kiem-tra._index";
import * as finalRoute from "~/routes/kiem-tra.cuoi-khoa.$track";
import * as moduleRoute from "~/routes/kiem-tra.chuyen-de.$slug";
import * as takeRoute from "~/routes/kiem-tra.bai.$attemptId._index";
import * as resultRoute from "~/routes/kiem-tra.bai.$attemptId.ket-qua";
import * as analysisRoute from "~/routes/kiem-tra.phan-tich";
import * as csvRoute from "~/routes/kiem-tra.phan-tich[.csv]";
import * as xlsxRoute from "~/routes/kiem-tra.phan-tich[.xlsx]";
import * as overrideRoute from "~/routes/kiem-tra.gia-han";
import { dbTargets, useTestDatabase } from "../support/db";
import { args, cookieFor, getRequest, postRequest, settle } from "../support/requests";
import { autosave } from "~/quiz/autosave-endpoint.server";

type TakeData = Awaited<ReturnType<typeof takeRoute.loader>>;
type ResultData = Awaited<ReturnType<typeof resultRoute.loader>>;

for (const target of dbTargets()) {
  describe(`quiz routes on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    const db = () => handle.database.db;

    it("seeds module checks for the demo learner and final tests for extra learners", async () => {
      const rows = await db().select().from(moduleCompletion).where(eq(moduleCompletion.userId, "u-hocvien"));
      expect(rows.filter((r) => r.checkPassedAt !== null)).toHaveLength(2);
      const [extra] = rowsOf(await db().execute(sql`select count(*)::int as n from "user" where username like 'hv%'`), z.object({ n: z.number() }));
      expect(extra!.n).toBe(60);
      const finals = await db().select({ passed: quizAttempt.passed }).from(quizAttempt).where(like(quizAttempt.quizKey, "final:%"));
      expect(finals.length).toBeGreaterThanOrEqual(60);
      expect(finals.some((f) => f.passed)).toBe(true);
      expect(finals.some((f) => !f.passed)).toBe(true);
      const online = await db().select().from(trainingCompletion).where(like(trainingCompletion.evidence, "attempt:%"));
      expect(online.length).toBe(finals.filter((f) => f.passed).length);
    });

    it("lists module checks and only the final tests of the learner's track", async () => {
      const cookie = await cookieFor("u-hocvien");
      const page = await indexRoute.loader(args(getRequest("/kiem-tra", cookie)));
      // hocvien is a bí thư chi bộ and a cấp ủy viên cơ sở: both tracks.
      expect(page.finalTests.map((f) => f.track)).toEqual(["A", "B"]);
      expect(page.finalTests[1]).toMatchObject({ attemptsAllowed: 3, timeLimitMinutes: 30, summary: { used: 0 } });
      expect(page.moduleChecks.filter((m) => m.summary.passed)).toHaveLength(2);
      const failedThenPassed = page.moduleChecks.find((m) => m.summary.used === 2);
      expect(failedThenPassed?.summary).toMatchObject({ submitted: 2, passed: true });
      expect(page.canAnalyze).toBe(false);
      // A chi ủy viên without a track-A position sees only track B.
      const [onlyB] = rowsOf(
        await db().execute(sql`select u.id from "user" u where u.username like 'hv%'
          and exists (select 1 from person_position pp where pp.person_id = u.person_id and pp.ended_on is null and pp.position in ('bi_thu_chi_bo', 'pho_bi_thu_chi_bo', 'chi_uy_vien', 'dang_vu'))
          and not exists (select 1 from person_position pp where pp.person_id = u.person_id and pp.ended_on is null and pp.position in ('cap_uy_vien_co_so', 'bi_thu_cap_uy_co_so', 'pho_bi_thu_cap_uy_co_so', 'can_bo_chuyen_trach'))
          order by u.id limit 1`),
        z.object({ id: z.string() }),
      );
      const onlyBCookie = await cookieFor(onlyB!.id);
      const onlyBPage = await indexRoute.loader(args(getRequest("/kiem-tra", onlyBCookie)));
      expect(onlyBPage.finalTests.map((f) => f.track)).toEqual(["B"]);
      expect(await settle(() => finalRoute.action(args(postRequest("/kiem-tra/cuoi-khoa/A", {}, onlyBCookie), { track: "A" })))).toMatchObject({ status: 404 });
    });

    it("takes a final test: no key before submission, autosave, submit once, review with explanations", async () => {
      const cookie = await cookieFor("u-hocvien");
      const started = await settle(() => finalRoute.action(args(postRequest("/kiem-tra/cuoi-khoa/B", {}, cookie), { track: "B" })));
      expect(started.status).toBe(302);
      const attemptId = started.location!.split("/").pop()!;
      // Starting again resumes the same attempt.
      const again = await settle(() => finalRoute.action(args(postRequest("/kiem-tra/cuoi-khoa/B", {}, cookie), { track: "B" })));
      expect(again.location).toBe(started.location);

      const taking = (await takeRoute.loader(args(getRequest(`/kiem-tra/bai/${attemptId}`, cookie), { attemptId }))) as TakeData;
      expect(taking.questions).toHaveLength(30);
      // Stratified: every module of track B is represented.
      const topics = new Set(taking.questions.map((q) => q.topic));
      expect(topics.size).toBeGreaterThanOrEqual(7);
      const serialized = JSON.stringify(taking);
      expect(serialized).not.toMatch(/"correct"|"explanation"|"source"/);
      const bank = getBank();
      for (const q of taking.questions) {
        const original = bank.byId.get(q.id)!;
        expect(serialized).not.toContain(original.explanation);
      }
      expect(taking.deadline).not.toBeNull();

      // Autosave one question (the endpoint the page calls on each click), then save all (no JS) with a second question.
      const [q1, q2, q3] = taking.questions;
      const key1 = bank.byId.get(q1!.id)!.correct;
      const saved = await autosave({ attemptId, cookie, form: { questionId: q1!.id, [`q.${q1!.id}`]: key1 } });
      expect(saved.reply).toMatchObject({ ok: true });
      const bad = await settle(() =>
        takeRoute.action(
          args(postRequest(`/kiem-tra/bai/${attemptId}?index`, { intent: "save-all", shown: q1!.id, [`q.${q1!.id}`]: "zzz" }, cookie), { attemptId }),
        ),
      );
      expect(bad.status).toBe(400);
      const all = await settle(() =>
        takeRoute.action(
          args(
            postRequest(
              `/kiem-tra/bai/${attemptId}?index`,
              { intent: "save-all", shown: [q1!.id, q2!.id], [`q.${q1!.id}`]: key1, [`q.${q2!.id}`]: bank.byId.get(q2!.id)!.correct },
              cookie,
            ),
            { attemptId },
          ),
        ),
      );
      expect(all.status).toBe(302);
      const reloaded = (await takeRoute.loader(args(getRequest(`/kiem-tra/bai/${attemptId}`, cookie), { attemptId }))) as TakeData;
      expect(Object.keys(reloaded.answers).sort()).toEqual([q1!.id, q2!.id].sort());
      expect(reloaded.lastSavedAt).not.toBeNull();

      // Someone else cannot read or write it.
      const other = await cookieFor("u-giamkhao");
      expect((await settle(() => takeRoute.loader(args(getRequest(`/kiem-tra/bai/${attemptId}`, other), { attemptId })))).status).toBe(404);
      expect((await settle(() => resultRoute.loader(args(getRequest(`/kiem-tra/bai/${attemptId}/ket-qua`, other), { attemptId })))).status).toBe(404);
      // The result page is not available before submission.
      expect((await settle(() => resultRoute.loader(args(getRequest(`/kiem-tra/bai/${attemptId}/ket-qua`, cookie), { attemptId })))).location).toBe(
        `/kiem-tra/bai/${attemptId}`,
      );

      const submit = { intent: "submit", shown: [q3!.id], [`q.${q3!.id}`]: bank.byId.get(q3!.id)!.correct };
      const [first, second] = await Promise.all([
        settle(() => takeRoute.action(args(postRequest(`/kiem-tra/bai/${attemptId}?index`, submit, cookie), { attemptId }))),
        settle(() => takeRoute.action(args(postRequest(`/kiem-tra/bai/${attemptId}?index`, submit, cookie), { attemptId }))),
      ]);
      expect(first.location).toBe(`/kiem-tra/bai/${attemptId}/ket-qua`);
      expect(second.location).toBe(`/kiem-tra/bai/${attemptId}/ket-qua`);
      const review = (await resultRoute.loader(args(getRequest(`/kiem-tra/bai/${attemptId}/ket-qua`, cookie), { attemptId }))) as ResultData;
      expect(review).toMatchObject({ score: 3, maxScore: 30, passed: false, kind: "final" });
      const reviewed = review.questions.find((q) => q.id === q1!.id)!;
      expect(reviewed.correct).toBe(true);
      expect(reviewed.explanation).toBe(bank.byId.get(q1!.id)!.explanation);
      // A readable reference ("…, mục III.5(2)" or "…, phần mở đầu"), never the raw "file.txt §…".
      expect(reviewed.source?.label).toMatch(/, (mục |phần mở đầu)/);
      expect(reviewed.source?.label).not.toMatch(/§|\.txt/);
      expect(reviewed.source?.href).toMatch(/^\/nguon\//);
      expect(
        reviewed.options
          .filter((o) => o.correct)
          .map((o) => o.id)
          .sort(),
      ).toEqual([...key1].sort());
      // After submission the take page forwards to the result.
      expect((await settle(() => takeRoute.loader(args(getRequest(`/kiem-tra/bai/${attemptId}`, cookie), { attemptId })))).location).toBe(
        `/kiem-tra/bai/${attemptId}/ket-qua`,
      );
      const attempts = await db()
        .select()
        .from(quizAttempt)
        .where(and(eq(quizAttempt.userId, "u-hocvien"), eq(quizAttempt.quizKey, "final:B")));
      expect(attempts).toHaveLength(1);
    });

    it("never serves a contest round's attempt through the training quiz pages", async () => {
      const cookie = await cookieFor("u-hoithi");
      const started = await startAttempt({
        userId: "u-hoithi",
        quizKey: "contest-round:9",
        questions: [
          {
            id: "cq-1",
            type: "single",
            stem: "Câu thi?",
            options: [
              { id: "a", text: "A" },
              { id: "b", text: "B" },
            ],
            correct: ["a"],
            explanation: "BI-MAT",
          },
        ],
        timeLimitSeconds: 600,
        graceSeconds: 15,
        maxAttempts: 1,
        passPercent: 50,
      });
      if (!started.ok) throw new Error(started.message);
      const attemptId = String(started.attemptId);
      expect((await settle(() => takeRoute.loader(args(getRequest(`/kiem-tra/bai/${attemptId}`, cookie), { attemptId })))).status).toBe(404);
      const save = await settle(() =>
        takeRoute.action(args(postRequest(`/kiem-tra/bai/${attemptId}?index`, { intent: "save-all", shown: "cq-1", "q.cq-1": "a" }, cookie), { attemptId })),
      );
      expect(save.status).toBe(404);
      const submit = await settle(() => takeRoute.action(args(postRequest(`/kiem-tra/bai/${attemptId}?index`, { intent: "submit" }, cookie), { attemptId })));
      expect(submit.status).toBe(404);
      const [row] = await db().select().from(quizAttempt).where(eq(quizAttempt.id, started.attemptId));
      expect(row!.status).toBe("open");
      await submitAttempt({ attemptId: started.attemptId, userId: "u-hoithi" });
      expect((await settle(() => resultRoute.loader(args(getRequest(`/kiem-tra/bai/${attemptId}/ket-qua`, cookie), { attemptId })))).status).toBe(404);
    });

    it("refuses answers after the deadline and grace, and grades the attempt with what was saved", async () => {
      const cookie = await cookieFor("u-bantochuc");
      const started = await settle(() => finalRoute.action(args(postRequest("/kiem-tra/cuoi-khoa/A", {}, cookie), { track: "A" })));
      const attemptId = started.location!.split("/").pop()!;
      const taking = (await takeRoute.loader(args(getRequest(`/kiem-tra/bai/${attemptId}`, cookie), { attemptId }))) as TakeData;
      const [q1, q2] = taking.questions;
      const key = (id: string) => getBank().byId.get(id)!.correct;
      expect((await autosave({ attemptId, cookie, form: { questionId: q1!.id, [`q.${q1!.id}`]: key(q1!.id) } })).status).toBe(200);
      await db()
        .update(quizAttempt)
        .set({ deadline: sql`now() - interval '5 minutes'` })
        .where(eq(quizAttempt.id, Number(attemptId)));
      const late = await autosave({ attemptId, cookie, form: { questionId: q2!.id, [`q.${q2!.id}`]: key(q2!.id) } });
      expect(late).toEqual({ status: 400, reply: { ok: false, message: "Đã hết giờ làm bài: câu trả lời này không được lưu." } });
      // Without JavaScript, "Lưu câu trả lời" after the deadline leads to the result page, which says why.
      const lateForm = await settle(() =>
        takeRoute.action(
          args(postRequest(`/kiem-tra/bai/${attemptId}?index`, { intent: "save-all", shown: q2!.id, [`q.${q2!.id}`]: key(q2!.id) }, cookie), { attemptId }),
        ),
      );
      expect({ status: lateForm.status, location: lateForm.location }).toEqual({ status: 302, location: `/kiem-tra/bai/${attemptId}/ket-qua` });
      // Opening it again shows the result: graded with the one saved answer, handed in at the deadline.
      const opened = await settle(() => takeRoute.loader(args(getRequest(`/kiem-tra/bai/${attemptId}`, cookie), { attemptId })));
      expect(opened.location).toBe(`/kiem-tra/bai/${attemptId}/ket-qua`);
      const review = (await resultRoute.loader(args(getRequest(`/kiem-tra/bai/${attemptId}/ket-qua`, cookie), { attemptId }))) as ResultData;
      expect(review).toMatchObject({ score: 1, passed: false });
      const [row] = await db()
        .select()
        .from(quizAttempt)
        .where(eq(quizAttempt.id, Number(attemptId)));
      expect(row!.submittedAt!.getTime()).toBe(row!.deadline!.getTime());
    });

    it("passing a module check completes the module", async () => {
      const cookie = await cookieFor("u-giamkhao");
      const slug = [...getBank().byTopic.keys()][0]!;
      const started = await settle(() => moduleRoute.action(args(postRequest(`/kiem-tra/chuyen-de/${slug}`, {}, cookie), { slug })));
      const attemptId = started.location!.split("/").pop()!;
      const taking = (await takeRoute.loader(args(getRequest(`/kiem-tra/bai/${attemptId}`, cookie), { attemptId }))) as TakeData;
      expect(taking.questions).toHaveLength(8);
      expect(taking.deadline).toBeNull();
      const form: Record<string, string | string[]> = { intent: "submit", shown: taking.questions.map((q) => q.id) };
      for (const q of taking.questions) form[`q.${q.id}`] = getBank().byId.get(q.id)!.correct;
      await settle(() => takeRoute.action(args(postRequest(`/kiem-tra/bai/${attemptId}?index`, form, cookie), { attemptId })));
      const [done] = await db()
        .select()
        .from(moduleCompletion)
        .where(and(eq(moduleCompletion.userId, "u-giamkhao"), eq(moduleCompletion.moduleSlug, slug)));
      expect(done?.checkPassedAt).toBeInstanceOf(Date);
      expect((await settle(() => moduleRoute.action(args(postRequest("/kiem-tra/chuyen-de/khong-co", {}, cookie), { slug: "khong-co" })))).status).toBe(404);
    });

    it("shows item analysis to organisers only, within their scope, with exports", async () => {
      const learner = await cookieFor("u-hocvien");
      expect((await settle(() => analysisRoute.loader(args(getRequest("/kiem-tra/phan-tich", learner))))).status).toBe(403);
      const root = await cookieFor("u-bantochuc");
      const all = await analysisRoute.loader(args(getRequest("/kiem-tra/phan-tich?bai=final:B", root)));
      expect(all.attempts).toBeGreaterThan(20);
      const item = all.items.find((i) => i.attempts >= 10 && i.discrimination !== null);
      expect(item).toBeDefined();
      expect(item!.pCorrect).toBeGreaterThan(0);
      expect(item!.pCorrect).toBeLessThanOrEqual(1);
      // Paged, filtered by topic, sorted by difficulty on request.
      const everything = await analysisRoute.loader(args(getRequest("/kiem-tra/phan-tich", root)));
      expect(everything.items).toHaveLength(30);
      expect(everything.total).toBeGreaterThan(30);
      const second = await analysisRoute.loader(args(getRequest("/kiem-tra/phan-tich?trang=2", root)));
      expect(second.items.map((i) => i.questionId)).not.toContain(everything.items[0]!.questionId);
      const slug = everything.items[0]!.topic;
      const byTopic = await analysisRoute.loader(args(getRequest(`/kiem-tra/phan-tich?chu-de=${slug}&sap-xep=kho`, root)));
      expect(byTopic.total).toBeLessThan(everything.total);
      expect(byTopic.items.every((i) => i.topic === slug)).toBe(true);
      expect(byTopic.items.every((i, n) => n === 0 || i.pCorrect >= byTopic.items[n - 1]!.pCorrect)).toBe(true);
      const unit = await cookieFor("u-donvi");
      const scoped = await analysisRoute.loader(args(getRequest("/kiem-tra/phan-tich?bai=final:B", unit)));
      expect(scoped.attempts).toBeLessThan(all.attempts);
      const csv = (await csvRoute.loader(args(getRequest("/kiem-tra/phan-tich.csv?bai=all", root)))) as Response;
      expect(csv.headers.get("Content-Type")).toContain("text/csv");
      const text = await csv.text();
      expect(text.split("\r\n")[0]).toContain("Tỷ lệ đúng (%)");
      expect(text.split("\r\n").length).toBeGreaterThan(50);
      const xlsx = (await xlsxRoute.loader(args(getRequest("/kiem-tra/phan-tich.xlsx", root)))) as Response;
      expect(new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
    });

    it("records an override with a reason, within scope, and the learner gets the extra attempt", async () => {
      const organiser = await cookieFor("u-bantochuc");
      const learner = await cookieFor("u-hocvien");
      expect((await settle(() => overrideRoute.loader(args(getRequest("/kiem-tra/gia-han", learner))))).status).toBe(403);
      const missingReason = await settle(() =>
        overrideRoute.action(
          args(postRequest("/kiem-tra/gia-han", { learner: "hocvien", quizKey: "final:B", extraMinutes: "0", extraAttempts: "1", reason: "" }, organiser)),
        ),
      );
      expect(missingReason.status).toBe(400);
      const nothing = await settle(() =>
        overrideRoute.action(
          args(
            postRequest(
              "/kiem-tra/gia-han",
              { learner: "hocvien", quizKey: "final:B", extraMinutes: "0", extraAttempts: "0", reason: "Không lý do gì" },
              organiser,
            ),
          ),
        ),
      );
      expect(nothing.status).toBe(400);
      // donvi manages Sở Giáo dục: the judge's cell is elsewhere.
      const donvi = await cookieFor("u-donvi");
      const outOfScope = await settle(() =>
        overrideRoute.action(
          args(
            postRequest(
              "/kiem-tra/gia-han",
              { learner: "giamkhao", quizKey: "final:B", extraMinutes: "10", extraAttempts: "0", reason: "Mất điện khi làm bài" },
              donvi,
            ),
          ),
        ),
      );
      expect(outOfScope.status).toBe(400);
      const ok = await settle(() =>
        overrideRoute.action(
          args(
            postRequest(
              "/kiem-tra/gia-han",
              { learner: "hocvien", quizKey: "final:B", extraMinutes: "15", extraAttempts: "1", reason: "Mất điện khi làm bài" },
              organiser,
            ),
          ),
        ),
      );
      expect(ok.status).toBe(302);
      const [row] = await db().select().from(quizOverride).where(eq(quizOverride.userId, "u-hocvien"));
      expect(row).toMatchObject({ extraSeconds: 900, extraAttempts: 1, reason: "Mất điện khi làm bài", grantedBy: "u-bantochuc" });
      const audits = await db().select().from(auditLog).where(eq(auditLog.entity, "quiz_override"));
      expect(audits.length).toBeGreaterThanOrEqual(1);
      const page = await indexRoute.loader(args(getRequest("/kiem-tra", learner)));
      expect(page.finalTests.find((f) => f.track === "B")).toMatchObject({ attemptsAllowed: 4, timeLimitMinutes: 45 });
      const list = await overrideRoute.loader(args(getRequest("/kiem-tra/gia-han", organiser)));
      expect(list.overrides[0]).toMatchObject({ extraMinutes: 15, extraAttempts: 1 });
      const [hv] = await db().select({ personId: user.personId }).from(user).where(eq(user.id, "u-hocvien"));
      expect(hv?.personId).not.toBeNull();
    });
  });
}
