import { z } from "zod";
import { and, eq, sql } from "drizzle-orm";
import { rowsOf } from "#db/client.server";
import { describe, expect, it } from "vitest";
import { moduleCompletion, moduleProgress } from "#db/schema";
import * as learnRoute from "~/routes/hoc-tap._index";
import * as moduleRoute from "~/routes/hoc-tap.$slug";
import * as searchRoute from "~/routes/hoc-tap.tim-kiem";
import * as sourceRoute from "~/routes/nguon.$file";
import { getModule, getTracks } from "~/training/catalog.server";
import { getLearnerTracks } from "~/training/progress.server";
import { dbTargets, useTestDatabase } from "../support/db";
import { args, cookieFor, getRequest, postRequest, settle } from "../support/requests";

type ModulePage = Awaited<ReturnType<typeof moduleRoute.loader>>;
type Overview = Awaited<ReturnType<typeof learnRoute.loader>>;

const trackB = () => getTracks().find((t) => t.id === "B")!;

for (const target of dbTargets()) {
  describe(`training on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });

    async function openModule(slug: string, cookie: string) {
      return (await moduleRoute.loader(args(getRequest(`/hoc-tap/${slug}`, cookie), { slug }))) as ModulePage;
    }
    async function post(slug: string, form: Record<string, string>, cookie: string) {
      return settle(() => moduleRoute.action(args(postRequest(`/hoc-tap/${slug}`, form, cookie), { slug })));
    }

    it("shows the demo learner the tracks of their positions, part-way through B, and where to continue", async () => {
      const cookie = await cookieFor("u-hocvien");
      const overview = (await learnRoute.loader(args(getRequest("/hoc-tap", cookie)))) as Overview;
      // hocvien is a bí thư chi bộ (track B) and also sits on the đảng ủy cơ sở (track A).
      expect(overview.tracks.map((t) => t.id)).toEqual(["A", "B"]);
      const modules = overview.tracks.find((t) => t.id === "B")!.modules;
      expect(modules.map((m) => m.slug)).toEqual(trackB().modules);
      // The first two were read (training seed) and their module checks passed (quiz seed).
      expect(modules.slice(0, 3).map((m) => m.state.status)).toEqual(["completed", "completed", "in_progress"]);
      expect(modules[2]!.state.label).toMatch(/^Đang học \(2\/\d+ phần\)$/);
      expect(modules.slice(3).every((m) => m.state.label === "Chưa học")).toBe(true);
      const third = getModule(trackB().modules[2]!)!.frontmatter;
      expect(overview.continueAt).toMatchObject({ slug: third.slug, sectionId: third.sections[2]!.id, started: true });
    });

    it("gives a person holding only track B positions track B only", async () => {
      const rows = rowsOf(
        await handle.database.db.execute(sql`select person_id from person_position where ended_on is null
          group by person_id having bool_and(position in ('bi_thu_chi_bo', 'pho_bi_thu_chi_bo', 'chi_uy_vien')) order by person_id limit 1`),
        z.object({ person_id: z.number() }),
      );
      const tracks = await getLearnerTracks({ personId: rows[0]!.person_id });
      expect(tracks.map((t) => t.id)).toEqual(["B"]);
    });

    it("shows every track to a user without a person record", async () => {
      const overview = (await learnRoute.loader(args(getRequest("/hoc-tap", await cookieFor("u-quantri"))))) as Overview;
      expect(overview.tracks.map((t) => t.id)).toEqual(["A", "B"]);
      expect(overview.continueAt).toMatchObject({ started: false });
    });

    it("saves section marks idempotently, completes the module when all are read, and undoes", async () => {
      const userId = "u-giamkhao";
      const cookie = await cookieFor(userId);
      const fm = getModule(trackB().modules[3]!)!.frontmatter;
      const [first, second] = fm.sections;
      let page = await openModule(fm.slug, cookie);
      // The text comes as HTML: every section with its "mark read" form, nothing read yet.
      expect(page.html).toContain(`<section id="${first!.id}" class="module-section"`);
      expect(page.html.match(/name="intent" value="mark"/g)).toHaveLength(fm.sections.length);
      expect(page.html).not.toContain("section-done-status");
      expect(page.doneIds).toEqual([]);

      const marked = await post(fm.slug, { intent: "mark", sectionId: first!.id }, cookie);
      expect(marked.status).toBe(302);
      expect(marked.location).toBe(`/hoc-tap/${fm.slug}#${second!.id}`);
      await post(fm.slug, { intent: "mark", sectionId: first!.id }, cookie); // twice: still one row
      const rows = await handle.database.db
        .select()
        .from(moduleProgress)
        .where(and(eq(moduleProgress.userId, userId), eq(moduleProgress.moduleSlug, fm.slug)));
      expect(rows).toHaveLength(1);

      page = await openModule(fm.slug, cookie);
      expect(page.doneIds).toEqual([first!.id]);
      expect(page.html).toContain(`<section id="${first!.id}" class="module-section is-done"`);
      expect(page.html.match(/name="intent" value="unmark"/g)).toHaveLength(1);
      expect(page.state.label).toBe(`Đang học (1/${fm.sections.length} phần)`);

      // Read the rest: the last mark completes the module (with a flash) and sets read_at.
      let last;
      for (const section of fm.sections.slice(1)) last = await post(fm.slug, { intent: "mark", sectionId: section.id }, cookie);
      expect(last!.location).toBe(`/hoc-tap/${fm.slug}#ket-thuc`);
      const completion = () =>
        handle.database.db
          .select({ readAt: moduleCompletion.readAt })
          .from(moduleCompletion)
          .where(and(eq(moduleCompletion.userId, userId), eq(moduleCompletion.moduleSlug, fm.slug)));
      const [read] = await completion();
      expect(read!.readAt).toBeInstanceOf(Date);
      expect((await openModule(fm.slug, cookie)).state.label).toBe("Đã đọc xong");

      // Undo one section: no longer read.
      const undone = await post(fm.slug, { intent: "unmark", sectionId: second!.id }, cookie);
      expect(undone.location).toBe(`/hoc-tap/${fm.slug}#${second!.id}`);
      expect((await completion())[0]!.readAt).toBeNull();
      page = await openModule(fm.slug, cookie);
      expect(page.doneIds).not.toContain(second!.id);

      // Continue leads back to the undone section of the module touched last.
      const overview = (await learnRoute.loader(args(getRequest("/hoc-tap", cookie)))) as Overview;
      expect(overview.continueAt).toMatchObject({ slug: fm.slug, sectionId: second!.id });
    });

    it("links previous and next modules along the learner's tracks", async () => {
      const cookie = await cookieFor("u-hocvien");
      const order = trackB().modules;
      const at = order.indexOf("xu-ly-tinh-huong");
      const page = await openModule("xu-ly-tinh-huong", cookie);
      expect(page.previous?.slug).toBe(order[at - 1]);
      expect(page.next?.slug).toBe(order[at + 1]);
      expect((await openModule(order[0]!, cookie)).previous).toBeNull();
      expect((await openModule(order[order.length - 1]!, cookie)).next).toBeNull();
    });

    it("shows Hoàn thành once the module check is passed", async () => {
      const cookie = await cookieFor("u-hocvien");
      const slug = trackB().modules[0]!;
      await handle.database.db
        .update(moduleCompletion)
        .set({ checkPassedAt: new Date() })
        .where(and(eq(moduleCompletion.userId, "u-hocvien"), eq(moduleCompletion.moduleSlug, slug)));
      expect((await openModule(slug, cookie)).state.label).toBe("Hoàn thành");
    });

    it("refuses bad input with a 400 and unknown modules with a 404", async () => {
      const cookie = await cookieFor("u-hocvien");
      const slug = trackB().modules[0]!;
      expect((await post(slug, { intent: "xoa", sectionId: "tom-tat" }, cookie)).status).toBe(400);
      const unknownSection = await post(slug, { intent: "mark", sectionId: "khong-co" }, cookie);
      expect(unknownSection.status).toBe(400);
      expect(unknownSection.value).toMatchObject({ data: { intent: "mark", result: { error: { "": ["Phần này không thuộc bài học."] } } } });
      expect((await settle(() => openModule("khong-co", cookie))).status).toBe(404);
      expect((await post("khong-co", { intent: "mark", sectionId: "tom-tat" }, cookie)).status).toBe(404);
    });

    it("sends visitors to the login page", async () => {
      const slug = trackB().modules[0]!;
      const outcome = await settle(() => moduleRoute.loader(args(getRequest(`/hoc-tap/${slug}`), { slug })));
      expect(outcome.status).toBe(302);
      expect(outcome.location).toMatch(/^\/dang-nhap\?redirectTo=/);
      const marked = await post(slug, { intent: "mark", sectionId: "tom-tat" }, "");
      expect(marked.status).toBe(302);
      const sourceOutcome = await settle(() => sourceRoute.loader(args(getRequest("/nguon/tom-tat-dieu-le-dang.md"), { file: "tom-tat-dieu-le-dang.md" })));
      expect(sourceOutcome.status).toBe(302);
    });

    it("finds a module section without diacritics, with marked snippets", async () => {
      const cookie = await cookieFor("u-hocvien");
      const result = (await searchRoute.loader(args(getRequest("/hoc-tap/tim-kiem?q=sinh+hoat+chi+bo", cookie)))) as Awaited<
        ReturnType<typeof searchRoute.loader>
      >;
      expect(result.total).toBeGreaterThan(0);
      const marked = result.hits[0]!.snippet.filter((p) => p.mark).map((p) => p.text.toLowerCase());
      expect(marked).toEqual(expect.arrayContaining(["sinh", "hoạt", "chi", "bộ"]));
      const none = (await searchRoute.loader(args(getRequest("/hoc-tap/tim-kiem?q=xyzzy", cookie)))) as typeof result;
      expect(none.total).toBe(0);
    });

    it("shows a cited source with the section highlighted, and only known files", async () => {
      const cookie = await cookieFor("u-hocvien");
      const file = "001_0af4f9b4e6b8a21f.txt";
      const doc = (await sourceRoute.loader(args(getRequest(`/nguon/${file}?muc=III.5(2)`, cookie), { file }))) as Awaited<
        ReturnType<typeof sourceRoute.loader>
      >;
      expect(doc.title).toBe("Đề án 01-ĐA/ĐUK (01/4/2022)");
      expect(doc.paragraphs[doc.highlight!]!.text).toMatch(/^\(2\) Số lượng và thời điểm tập huấn/);
      // An item that runs inline in its paragraph is marked inside it (001 §III.3(3)).
      const inline = (await sourceRoute.loader(args(getRequest(`/nguon/${file}?muc=III.3(3)`, cookie), { file }))) as typeof doc;
      const span = inline.itemSpan!;
      expect(inline.paragraphs[inline.highlight!]!.text.slice(span.start, span.end)).toMatch(/^\(3\) Tự giác đặt mình trong sự quản lý của chi bộ/);
      const summary = "tom-tat-dieu-le-dang.md";
      const rule = (await sourceRoute.loader(args(getRequest(`/nguon/${summary}?muc=2(2)`, cookie), { file: summary }))) as typeof doc;
      expect(rule.paragraphs[rule.highlight!]!.text).toMatch(/^\(2\) Đảng viên dự bị không có quyền biểu quyết/);
      // The developers' English brief is no longer served to learners.
      for (const bad of ["../package.json", "khong-co.txt", "domain.md"]) {
        expect((await settle(() => sourceRoute.loader(args(getRequest(`/nguon/x`, cookie), { file: bad })))).status).toBe(404);
      }
    });
  });
}
