import { z } from "zod";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { practiceRun, practiceStep } from "#db/schema";
import { getScenario } from "~/practice/scenarios.server";
import type { RunView } from "~/practice/run-view.server";
import type { Choice } from "~/practice/scenario";
import * as indexRoute from "~/routes/luyen-tap._index";
import * as runRoute from "~/routes/luyen-tap.lan.$runId";
import * as statsRoute from "~/routes/luyen-tap.thong-ke";
import { dbTargets, useTestDatabase } from "../support/db";
import { args, cookieFor, getRequest, postRequest, settle } from "../support/requests";

const SCENARIO = "xay-dung-nghi-quyet";

async function start(cookie: string, mode: "practice" | "exam", scenarioId = SCENARIO) {
  const outcome = await settle(() => indexRoute.action(args(postRequest("/luyen-tap", { scenarioId, mode }, cookie))));
  expect(outcome.status).toBe(302);
  const match = /^\/luyen-tap\/lan\/(\d+)$/.exec(outcome.location ?? "");
  expect(match).not.toBeNull();
  return match![1]!;
}

async function view(runId: string, cookie: string) {
  const outcome = await settle(() => runRoute.loader(args(getRequest(`/luyen-tap/lan/${runId}`, cookie), { runId })));
  expect(outcome.status).toBe(200);
  return outcome.value as RunView;
}

function post(runId: string, cookie: string, form: Record<string, string | string[]>) {
  return settle(() => runRoute.action(args(postRequest(`/luyen-tap/lan/${runId}`, form, cookie), { runId })));
}

/** The Vietnamese messages of a refused action (returned as data(..., { status: 400 })). */
/** Every message of an `{ intent, result }` reply (field and form errors). */
function errorsOf(outcome: { value: unknown }) {
  const value = outcome.value as { data?: { result?: { error?: Record<string, string[] | null> } } };
  return [...new Set(Object.values(value.data?.result?.error ?? {}).flatMap((m) => m ?? []))];
}

/** Plays the best choice at every node until the drafting node (or the end). */
async function playBestUntilDrafting(runId: string, cookie: string) {
  const scenario = getScenario(SCENARIO)!.scenario;
  for (let i = 0; i < 20; i++) {
    const v = await view(runId, cookie);
    if (!v.node || v.node.drafting) return v;
    const best = scenario.nodes[v.node.id]!.choices!.find((c) => c.best)!;
    expect((await post(runId, cookie, { intent: "choose", stepIndex: String(v.run.stepIndex), choiceId: best.id })).status).toBe(302);
  }
  throw new Error("no drafting node reached");
}

/** Plays `pick` at every node until the run ends (no drafting node on the way). */
async function playUntilEnd(runId: string, cookie: string, scenarioId: string, pick: (choices: Choice[]) => Choice, each?: (v: RunView) => void) {
  const scenario = getScenario(scenarioId)!.scenario;
  for (let i = 0; i < 30; i++) {
    const v = await view(runId, cookie);
    if (!v.node) return;
    each?.(v);
    const choice = pick(scenario.nodes[v.node.id]!.choices!);
    expect((await post(runId, cookie, { intent: "choose", stepIndex: String(v.run.stepIndex), choiceId: choice.id })).status).toBe(302);
  }
  throw new Error("the run did not end");
}

const GOOD_DRAFT = {
  task: [
    "Lập bảng theo dõi hạn xử lý từng hồ sơ, cảnh báo trước ba ngày",
    "Rà soát 7 hồ sơ trễ hạn tháng trước, chỉ ra khâu chậm và cách khắc phục",
    "Hướng dẫn đảng viên mới quy trình tiếp nhận hồ sơ trực tuyến",
    "",
  ],
  owner: ["Đồng chí Linh", "Đồng chí Thành", "Đồng chí Tuấn", ""],
  deadline: ["15/05/2022", "20/05/2022", "25/05/2022", ""],
};

for (const target of dbTargets()) {
  describe(`practice on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });

    it("lists every scenario with difficulty, duration, the learner's best rating and replays", async () => {
      const cookie = await cookieFor("u-hocvien");
      const outcome = await settle(() => indexRoute.loader(args(getRequest("/luyen-tap", cookie))));
      expect(outcome.status).toBe(200);
      const data = outcome.value as Awaited<ReturnType<typeof indexRoute.loader>>;
      expect(data.scenarios.length).toBeGreaterThanOrEqual(6);
      // The seeded demo learner has finished runs: a best rating shows, and the history lists them.
      const played = data.scenarios.filter((s) => s.runs > 0);
      expect(played.length).toBeGreaterThan(0);
      expect(played.every((s) => s.best && s.best.percent >= 0 && s.best.percent <= 100)).toBe(true);
      expect(data.history.filter((h) => h.status === "finished").length).toBe(4);
      expect(data.canAnalyze).toBe(false);
      const drafted = await handle.database.db
        .select({ draft: practiceRun.draft })
        .from(practiceRun)
        .where(and(eq(practiceRun.userId, "u-hocvien"), eq(practiceRun.scenarioId, SCENARIO)));
      expect(drafted[0]?.draft?.tasks.length).toBeGreaterThan(0);
    });

    it("runs a scenario: choices hide their answers, a replayed step does not advance twice, a foreign choice is refused", async () => {
      const cookie = await cookieFor("u-hocvien");
      const runId = await start(cookie, "practice");
      const first = await view(runId, cookie);
      expect(first.agenda.find((s) => s.state === "current")?.id).toBe("chuan_bi");
      expect(first.node?.choices.length).toBeGreaterThanOrEqual(2);
      // Nothing about which action is best travels with the situation.
      expect(JSON.stringify(first.node)).not.toMatch(/"best"|"feedback"|"effects"|"next"/);

      const form = { intent: "choose", stepIndex: "0", choiceId: "b" };
      expect((await post(runId, cookie, form)).status).toBe(302);
      expect((await post(runId, cookie, form)).status).toBe(302); // double click / replayed form
      const afterWeak = await view(runId, cookie);
      // Practice mode: the feedback on the choice just made is shown, with the better choice.
      expect(afterWeak.lastFeedback).toMatchObject({ isBest: false, choice: expect.stringContaining("Giữ dự thảo") });
      expect(afterWeak.lastFeedback?.bestChoice).toBeTruthy();
      const [count] = rowsOf(
        await handle.database.db.execute(sql`select count(*)::int as n from practice_step where run_id = ${Number(runId)}`),
        z.object({ n: z.number() }),
      );
      expect(count!.n).toBe(1);

      let second = await view(runId, cookie);
      expect(second.run.stepIndex).toBe(1);
      // Two devices posting the same step at once: one step is recorded, not two.
      const racing = { intent: "choose", stepIndex: "1", choiceId: "a" };
      await Promise.all([post(runId, cookie, racing), post(runId, cookie, racing)]);
      const [raced] = rowsOf(
        await handle.database.db.execute(sql`select count(*)::int as n from practice_step where run_id = ${Number(runId)}`),
        z.object({ n: z.number() }),
      );
      expect(raced!.n).toBe(2);
      second = await view(runId, cookie);
      expect(second.run.stepIndex).toBe(2);
      // Practice mode: the feedback on the choice just made is shown, with the better choice.
      expect(second.lastFeedback).toMatchObject({ isBest: true, step: expect.any(String) });
      expect(second.lastFeedback?.bestChoice).toBeNull();

      const refused = await post(runId, cookie, { intent: "choose", stepIndex: "2", choiceId: "z" });
      expect(refused.status).toBe(400);
      expect(errorsOf(refused)).toEqual(["Lựa chọn này không có trong tình huống hiện tại. Hãy chọn một trong các phương án đang hiển thị."]);
      const ahead = await post(runId, cookie, { intent: "choose", stepIndex: "5", choiceId: "a" });
      expect(ahead.status).toBe(400);
      expect(errorsOf(ahead)[0]).toMatch(/không khớp với tiến trình/);
      const wrongForm = await post(runId, cookie, {
        intent: "draft",
        stepIndex: "2",
        task: ["Lập bảng theo dõi hồ sơ"],
        owner: ["Linh"],
        deadline: ["01/06/2022"],
      });
      expect(errorsOf(wrongForm)).toEqual(["Tình huống hiện tại không phải bài soạn nghị quyết."]);
      const garbage = await post(runId, cookie, { intent: "choose", stepIndex: "-1" });
      expect(garbage.status).toBe(400);
      expect(errorsOf(garbage)).toContain("Hãy chọn một cách xử lý.");
    });

    it("resumes where the learner left off from another session, and keeps runs private", async () => {
      const runId = await start(await cookieFor("u-hocvien"), "practice");
      await post(runId, await cookieFor("u-hocvien"), { intent: "choose", stepIndex: "0", choiceId: "a" });
      const otherDevice = await cookieFor("u-hocvien");
      const resumed = await view(runId, otherDevice);
      expect(resumed.run.stepIndex).toBe(1);
      expect(resumed.node?.id).toBe("n2");
      const stranger = await cookieFor("u-giamkhao");
      expect((await settle(() => runRoute.loader(args(getRequest(`/luyen-tap/lan/${runId}`, stranger), { runId })))).status).toBe(404);
      const foreign = await post(runId, stranger, { intent: "choose", stepIndex: "1", choiceId: "a" });
      // Someone else's run is no page for them: 404 before the form is read (authz matrix, issue 14).
      expect(foreign.status).toBe(404);
      expect(foreign.value).toMatchObject({ message: "Không tìm thấy lượt luyện tập." });
      expect((await view(runId, otherDevice)).run.stepIndex).toBe(1);
    });

    it("checks the drafted resolution, says what is missing, then finishes with a full report", async () => {
      const cookie = await cookieFor("u-hocvien");
      const runId = await start(cookie, "practice");
      const drafting = await playBestUntilDrafting(runId, cookie);
      expect(drafting.node?.drafting?.politicalTask).toMatch(/hồ sơ/);
      const stepIndex = String(drafting.run.stepIndex);

      const vague = await post(runId, cookie, {
        intent: "draft",
        stepIndex,
        submitDraft: "check",
        task: ["Tiếp tục thực hiện tốt nhiệm vụ", ""],
        owner: ["", ""],
        deadline: ["cuối tháng", ""],
      });
      expect(vague.status).toBe(302);
      const checked = await view(runId, cookie);
      expect(checked.node?.id).toBe(drafting.node?.id); // checking does not move on
      expect(checked.draft?.check?.ok).toBe(false);
      expect(checked.draft?.check?.tasks[0]?.problems).toEqual([
        expect.stringMatching(/chung chung/),
        "chưa ghi người phụ trách",
        expect.stringMatching(/cuối tháng.*dd\/mm\/yyyy/),
      ]);
      expect(checked.draft?.check?.general.join(" ")).toMatch(/ít nhất 3 nhiệm vụ.*mới có 1/);

      // A background save (JavaScript) stays on the page and keeps the draft.
      const saved = await post(runId, cookie, { intent: "draft", stepIndex, submitDraft: "check", autosave: "1", ...GOOD_DRAFT });
      expect(saved).toMatchObject({ status: 200, value: { saved: true } });
      expect((await view(runId, cookie)).draft?.tasks[2]?.owner).toBe("Đồng chí Tuấn");

      expect((await post(runId, cookie, { intent: "draft", stepIndex, submitDraft: "submit", ...GOOD_DRAFT })).status).toBe(302);
      const after = await view(runId, cookie);
      expect(after.draft?.check).toMatchObject({ ok: true, taskCount: 3, tiesToPoliticalTask: true });
      const scenario = getScenario(SCENARIO)!.scenario;
      const last = scenario.nodes[after.node!.id]!.choices!.find((c) => c.best)!;
      const end = await post(runId, cookie, { intent: "choose", stepIndex: String(after.run.stepIndex), choiceId: last.id });
      expect(end.location).toBe(`/luyen-tap/lan/${runId}#ket-qua`);

      const report = await view(runId, cookie);
      expect(report.run.status).toBe("finished");
      expect(report.node).toBeNull();
      expect(report.report).toMatchObject({ percent: 100, rating: "tot", ratingLabel: "Tốt" });
      expect(report.report!.dimensions.map((d) => d.percent)).toEqual([100, 100, 100, 100]);
      expect(report.path.map((s) => s.nodeId)).toEqual(report.report!.bestPath.map((s) => s.nodeId));
      // Even a perfect run points at the scale it was rated with (module 07, thang-diem).
      expect(report.report!.review.map((r) => r.href)).toEqual(["/hoc-tap/danh-gia-chat-luong#thang-diem"]);
      // A finished run refuses further steps.
      const late = await post(runId, cookie, { intent: "choose", stepIndex: String(report.run.stepIndex), choiceId: "a" });
      expect(errorsOf(late)).toEqual(["Lượt luyện tập này đã kết thúc."]);
    });

    it("exam mode defers feedback to the end and the report explains a weak path with links to review", async () => {
      const cookie = await cookieFor("u-bantochuc");
      const runId = await start(cookie, "exam", "vang-mat-lan-thu-ba");
      // Always the first choice that is not the best; feedback stays hidden until the end.
      await playUntilEnd(
        runId,
        cookie,
        "vang-mat-lan-thu-ba",
        (choices) => choices.find((c) => !c.best)!,
        (v) => expect(v.lastFeedback).toBeNull(),
      );
      const done = await view(runId, cookie);
      expect(done.report!.percent).toBeLessThan(50);
      expect(done.report!.rating).toBe("kem");
      expect(done.path.every((s) => !s.isBest && s.feedback && s.bestChoice)).toBe(true);
      expect(done.report!.review.length).toBeGreaterThan(2);
      expect(done.report!.review.every((r) => /^\/hoc-tap\/[a-z0-9-]+#[a-z0-9-]+$/.test(r.href))).toBe(true);
      const [row] = await handle.database.db
        .select()
        .from(practiceRun)
        .where(eq(practiceRun.id, Number(runId)));
      expect(row).toMatchObject({ status: "finished", rating: "kem", mode: "exam" });
      expect(row!.percent).toBe(done.report!.percent);
    });

    it("caps the rating when a rule-breaking choice was taken, and the report says which and why", async () => {
      const cookie = await cookieFor("u-bantochuc");
      const runId = await start(cookie, "practice", "kiem-diem-cuoi-nam");
      // The best choice everywhere, except letting the probationary member vote.
      await playUntilEnd(
        runId,
        cookie,
        "kiem-diem-cuoi-nam",
        (choices) => choices.find((c) => c.text.startsWith("Cho Thảo biểu quyết")) ?? choices.find((c) => c.best)!,
      );
      const done = await view(runId, cookie);
      // Points alone would rate it Khá or better; the gate caps it.
      expect(done.report!.percent).toBeGreaterThanOrEqual(70);
      expect(done.report).toMatchObject({ rating: "trung_binh", ratingLabel: "Trung bình", capped: true });
      expect(done.report!.violations).toEqual([
        expect.objectContaining({ choice: expect.stringMatching(/^Cho Thảo biểu quyết/), reason: expect.stringMatching(/dự bị không có quyền biểu quyết/) }),
      ]);
      const [row] = await handle.database.db
        .select()
        .from(practiceRun)
        .where(eq(practiceRun.id, Number(runId)));
      expect(row).toMatchObject({ status: "finished", rating: "trung_binh" });
    });

    it("shows organisers aggregate results in their scope and refuses learners", async () => {
      const learnerCookie = await cookieFor("u-hocvien");
      const learner = await settle(() => statsRoute.loader(args(getRequest("/luyen-tap/thong-ke", learnerCookie))));
      expect(learner.status).toBe(403);

      const organiser = await cookieFor("u-bantochuc");
      const all = await settle(() => statsRoute.loader(args(getRequest("/luyen-tap/thong-ke", organiser))));
      expect(all.status).toBe(200);
      type Stats = Awaited<ReturnType<typeof statsRoute.loader>>;
      const stats = (all.value as Stats).scenarios;
      // Without a selection the detail shows the first scenario of the list.
      expect((all.value as Stats).detail?.id).toBe(stats[0]!.id);
      const [totals] = rowsOf(
        await handle.database.db.execute(sql`select count(*)::int as runs, count(*) filter (where status = 'finished')::int as finished from practice_run`),
        z.object({ runs: z.number(), finished: z.number() }),
      );
      expect(stats.reduce((s, x) => s + x.runs, 0)).toBe(totals!.runs);
      expect(stats.reduce((s, x) => s + x.finished, 0)).toBe(totals!.finished);
      const played = stats.find((s) => s.id === SCENARIO)!;
      expect(played.ratings.tot + played.ratings.kha + played.ratings.trung_binh + played.ratings.kem).toBe(played.finished);
      const [picks] = rowsOf(
        await handle.database.db.execute(
          sql`select count(*)::int as n from ${practiceStep} s join ${practiceRun} r on r.id = s.run_id where r.scenario_id = ${SCENARIO} and s.node_id = 'n1'`,
        ),
        z.object({ n: z.number() }),
      );
      const selected = await settle(() => statsRoute.loader(args(getRequest(`/luyen-tap/thong-ke?kich-ban=${SCENARIO}`, organiser))));
      const detail = (selected.value as Stats).detail!;
      expect(detail.id).toBe(SCENARIO);
      const n1 = detail.nodes.find((n) => n.nodeId === "n1")!;
      expect(n1.total).toBe(picks!.n);
      expect(n1.choices.reduce((s, c) => s + c.picks, 0)).toBe(picks!.n);

      // donvi administers one đảng bộ: only runs by learners under it count (none of the demo accounts but donvi).
      const unitAdmin = await cookieFor("u-donvi");
      const scoped = await settle(() => statsRoute.loader(args(getRequest("/luyen-tap/thong-ke", unitAdmin))));
      const scopedStats = (scoped.value as Awaited<ReturnType<typeof statsRoute.loader>>).scenarios;
      const [own] = rowsOf(
        await handle.database.db
          .execute(sql`select count(*)::int as n from practice_run r join "user" u on u.id = r.user_id join person p on p.id = u.person_id join unit un on un.id = p.unit_id
          where un.path like (select path from unit where id = 2) || '%'`),
        z.object({ n: z.number() }),
      );
      expect(scopedStats.reduce((s, x) => s + x.runs, 0)).toBe(own!.n);
      expect(own!.n).toBeLessThan(totals!.runs);
    });
  });
}
