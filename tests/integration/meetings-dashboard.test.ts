import { z } from "zod";
import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { refreshCellMonth } from "~/meetings/figures-rollup.server";
import * as dashboardRoute from "~/routes/sinh-hoat.bao-cao._index";
import * as exportRoute from "~/routes/sinh-hoat.bao-cao.xuat";
import * as printRoute from "~/routes/sinh-hoat.bao-cao.in";
import * as reviewRoute from "~/routes/sinh-hoat.so-ket";
import { dbTargets, useTestDatabase } from "../support/db";
import { args, cookieFor, getRequest, settle } from "../support/requests";

type Loaded = Awaited<ReturnType<typeof dashboardRoute.loader>>;

/**
 * The meetings dashboard through its routes: figures a user would read, the scope of a unit admin
 * (`donvi` sees only its đảng bộ), malformed query parameters (never a 5xx), exports and print.
 */
for (const target of dbTargets()) {
  describe(`meetings dashboard on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    const db = () => handle.database.db;

    /** Three monthly meetings in Q1 2027 (after the demo's 18 months), one thematic, in a cell of donvi's đảng bộ: one member absent without reason at all four. */
    async function recordQuarter() {
      const [cell] = rowsOf(
        await db().execute(sql`select u.id, u.parent_id as "parentId" from unit u join role_grant r on r.user_id = 'u-donvi'
          join unit g on g.id = r.unit_id where u.kind = 'chi_bo' and u.path like g.path || '%' order by u.id limit 1`),
        z.object({ id: z.number(), parentId: z.number() }),
      );
      const members = rowsOf(
        await db().execute(sql`select id from person where unit_id = ${cell!.id} and active order by id`),
        z.object({ id: z.number() }),
      ).map((r) => r.id);
      for (const [month, kind] of [
        ["2027-01", "thuong_ky"],
        ["2027-02", "chuyen_de"],
        ["2027-02", "thuong_ky"],
        ["2027-03", "thuong_ky"],
      ] as const) {
        await db().transaction(async (tx) => {
          const day = kind === "chuyen_de" ? 20 : 5;
          const on = `${month}-${day}`;
          const [m] = rowsOf(
            await tx.execute(sql`insert into meeting (cell_id, scheduled_on, held_on, kind, topic, status, recorded_at)
              values (${cell!.id}, ${on}::date, ${on}::date, ${kind}, ${kind === "chuyen_de" ? "Học tập và làm theo tư tưởng Hồ Chí Minh" : null}, 'held', now()) returning id`),
            z.object({ id: z.number() }),
          );
          for (const [i, personId] of members.entries()) {
            await tx.execute(sql`insert into meeting_attendance (meeting_id, person_id, held_on, status)
              values (${m!.id}, ${personId}, ${on}::date, ${i === 0 ? "unexcused" : "present"})`);
          }
          await refreshCellMonth(tx, { cellId: cell!.id, month });
        });
      }
      return { cellId: cell!.id, parentId: cell!.parentId, members };
    }

    it("shows the targets, drills down to the cell's meetings and lists the member heading for a fourth absence", async () => {
      const { cellId, parentId, members } = await recordQuarter();
      const cookie = await cookieFor("u-bantochuc");
      const root = (await dashboardRoute.loader(args(getRequest("/sinh-hoat/bao-cao?ky=2027-Q1", cookie)))) as Loaded;
      expect(root.period.label).toBe("Quý I/2027");
      expect(root.total.held).toBe(4);
      expect(root.total.thematic).toBe(1);
      expect(root.total.unexcused).toBe(4);
      const regime = root.targets.find((t) => t.key === "regime")!;
      expect(regime.numerator).toBe(1);
      expect(regime.denominator).toBe(root.total.cells);
      expect(regime.met).toBe(false);
      expect(root.targets.find((t) => t.key === "attendance")!.figure).toBe(0);
      // The children's rows, every page of them, add up to the unit's figure.
      const children = [...root.children.rows];
      for (let page = 2; children.length < root.children.total; page++) {
        const next = (await dashboardRoute.loader(args(getRequest(`/sinh-hoat/bao-cao?ky=2027-Q1&trang-don-vi=${page}`, cookie)))) as Loaded;
        expect(next.children.rows.length).toBeGreaterThan(0);
        children.push(...next.children.rows);
      }
      expect(new Set(children.map((c) => c.id)).size).toBe(root.children.total);
      expect(children.reduce((sum, c) => sum + c.held, 0)).toBe(4);
      const absentee = root.membersAtRisk.rows.find((m) => m.personId === members[0]);
      expect(absentee?.absentRun).toBeGreaterThanOrEqual(4);
      expect(absentee?.unexcusedRun).toBeGreaterThanOrEqual(4);
      // Longest runs first.
      const runs = root.membersAtRisk.rows.map((m) => m.absentRun);
      expect(runs).toEqual([...runs].sort((a, b) => b - a));

      const parent = (await dashboardRoute.loader(
        args(getRequest(`/sinh-hoat/bao-cao?ky=2027-Q1&don-vi=${parentId}&sap-xep=so-ky&chieu=giam`, cookie)),
      )) as Loaded;
      expect(parent.children.rows[0]).toMatchObject({ id: cellId, held: 4, regimeOk: 1 });
      const cell = (await dashboardRoute.loader(args(getRequest(`/sinh-hoat/bao-cao?ky=2027-Q1&don-vi=${cellId}`, cookie)))) as Loaded;
      expect(cell.meetings.map((m) => [m.heldOn, m.kind, m.present + m.excused + m.unexcused])).toEqual([
        ["2027-01-05", "thuong_ky", members.length],
        ["2027-02-05", "thuong_ky", members.length],
        ["2027-02-20", "chuyen_de", members.length],
        ["2027-03-05", "thuong_ky", members.length],
      ]);
      // The month without a thematic meeting in its quarter still meets the monthly regime.
      const january = (await dashboardRoute.loader(args(getRequest(`/sinh-hoat/bao-cao?ky=2027-01&don-vi=${cellId}`, cookie)))) as Loaded;
      expect(january.targets.find((t) => t.key === "regime")).toMatchObject({ figure: 100, met: true });
    });

    it("keeps a unit admin inside its subtree", async () => {
      const donvi = await cookieFor("u-donvi");
      const own = (await dashboardRoute.loader(args(getRequest("/sinh-hoat/bao-cao?ky=2027-Q1", donvi)))) as Loaded;
      const [grant] = rowsOf(await db().execute(sql`select unit_id as "unitId" from role_grant where user_id = 'u-donvi'`), z.object({ unitId: z.number() }));
      expect(own.unit.id).toBe(grant!.unitId);
      expect(own.ancestors.map((a) => a.id)).toEqual([grant!.unitId]);
      const [outside] = rowsOf(
        await db().execute(
          sql`select u.id from unit u, unit g where g.id = ${grant!.unitId} and u.kind = 'chi_bo' and u.path not like g.path || '%' order by u.id limit 1`,
        ),
        z.object({ id: z.number() }),
      );
      for (const path of [
        "/sinh-hoat/bao-cao?don-vi=1",
        `/sinh-hoat/bao-cao?don-vi=${outside!.id}`,
        `/sinh-hoat/bao-cao/xuat?don-vi=${outside!.id}&bang=don-vi&dinh-dang=csv`,
        `/sinh-hoat/bao-cao/in?don-vi=1`,
      ]) {
        const request = getRequest(path, donvi);
        const run: () => Promise<unknown> = path.includes("/xuat")
          ? () => exportRoute.loader(args(request))
          : path.includes("/in")
            ? () => printRoute.loader(args(request))
            : () => dashboardRoute.loader(args(request));
        expect({ path, status: (await settle(run)).status }).toEqual({ path, status: 403 });
      }
      // The live list of a unit admin holds only members of its subtree.
      const [g] = rowsOf(await db().execute(sql`select path from unit where id = ${grant!.unitId}`), z.object({ path: z.string() }));
      const listed = own.membersAtRisk.rows.map((m) => m.cellId);
      expect(listed.length).toBeGreaterThan(0);
      const inside = rowsOf(await db().execute(sql`select id from unit where id in ${listed} and path like ${g!.path + "%"}`), z.object({ id: z.number() }));
      expect(new Set(inside.map((r) => r.id))).toEqual(new Set(listed));
      const all = (await dashboardRoute.loader(args(getRequest("/sinh-hoat/bao-cao", await cookieFor("u-bantochuc"))))) as Loaded;
      expect(own.membersAtRisk.total).toBeLessThan(all.membersAtRisk.total);
      const learner = await cookieFor("u-hocvien");
      expect((await settle(() => dashboardRoute.loader(args(getRequest("/sinh-hoat/bao-cao", learner))))).status).toBe(403);
      expect((await settle(() => dashboardRoute.loader(args(getRequest("/sinh-hoat/bao-cao"))))).status).toBe(302);
    });

    it("answers malformed query parameters without a 5xx", async () => {
      const cookie = await cookieFor("u-bantochuc");
      const odd = [
        "ky=2027-13",
        "ky=abc",
        "ky=9999",
        "don-vi=abc",
        "don-vi=-5",
        "don-vi=1e99",
        "sap-xep=drop",
        "chieu=x",
        "trang=-1",
        "trang-don-vi=99999999999",
        "trang=2.5",
        "ky=%00",
        "don-vi=1&don-vi=2",
      ];
      for (const q of odd) {
        const { status } = await settle(() => dashboardRoute.loader(args(getRequest(`/sinh-hoat/bao-cao?${q}`, cookie))));
        expect({ q, status }).toEqual({ q, status: 200 });
      }
      expect((await settle(() => dashboardRoute.loader(args(getRequest("/sinh-hoat/bao-cao?don-vi=2147483000", cookie))))).status).toBe(404);
      for (const q of ["bang=x&dinh-dang=csv", "bang=don-vi&dinh-dang=pdf", ""]) {
        expect({ q, status: (await settle(() => exportRoute.loader(args(getRequest(`/sinh-hoat/bao-cao/xuat?${q}`, cookie))))).status }).toEqual({
          q,
          status: 400,
        });
      }
    });

    it("exports every table as CSV and as a workbook set up for A4, and prints", async () => {
      const cookie = await cookieFor("u-bantochuc");
      const csv = (await exportRoute.loader(args(getRequest("/sinh-hoat/bao-cao/xuat?ky=2027-Q1&bang=chi-tieu&dinh-dang=csv", cookie)))) as Response;
      const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await csv.arrayBuffer());
      expect(text.split("\r\n")[0]).toBe("\uFEFFChỉ tiêu,Căn cứ,Kết quả,Đạt / trên tổng,Yêu cầu,Đánh giá");
      expect(text).toContain("Đề án 01-ĐA/ĐUK");
      for (const bang of ["don-vi", "xu-huong", "chi-bo-chua-dat", "dang-vien-vang", "ky-hop"]) {
        const response = (await exportRoute.loader(args(getRequest(`/sinh-hoat/bao-cao/xuat?ky=2027-Q1&bang=${bang}&dinh-dang=xlsx`, cookie)))) as Response;
        expect(response.headers.get("Content-Type")).toContain("spreadsheetml");
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ExcelJS.Buffer);
        const sheet = workbook.worksheets[0]!;
        expect({ bang, paper: sheet.pageSetup.paperSize, orientation: sheet.pageSetup.orientation }).toEqual({ bang, paper: 9, orientation: "landscape" });
      }
      const atRisk = (await exportRoute.loader(args(getRequest("/sinh-hoat/bao-cao/xuat?bang=dang-vien-vang&dinh-dang=csv", cookie)))) as Response;
      const page = (await dashboardRoute.loader(args(getRequest("/sinh-hoat/bao-cao", cookie)))) as Loaded;
      expect((await atRisk.text()).trim().split("\r\n")).toHaveLength(page.membersAtRisk.total + 1);
      const printed = (await printRoute.loader(args(getRequest("/sinh-hoat/bao-cao/in?ky=2027-Q1", cookie)))) as Awaited<ReturnType<typeof printRoute.loader>>;
      expect(printed.tables.map((t) => t.title.split(" — ")[0])).toEqual([
        "Kết quả thực hiện các chỉ tiêu",
        "Sinh hoạt chi bộ các đơn vị trực thuộc Đảng bộ Khối các cơ quan tỉnh Quảng Bình",
        "Đảng viên vắng nhiều kỳ liên tiếp",
      ]);
    });

    it("reviews a quarter per đảng bộ: meetings by unit and each assigned attendee's visits, scoped", async () => {
      const cookie = await cookieFor("u-bantochuc");
      type Review = Awaited<ReturnType<typeof reviewRoute.loader>>;
      // The demo's last ended quarter has assignments and visits.
      const review = (await reviewRoute.loader(args(getRequest("/sinh-hoat/so-ket?ky=2026-Q3", cookie)))) as Review;
      expect(review.quarter.label).toBe("Quý III/2026");
      expect(review.attendees.length).toBeGreaterThan(0);
      for (const a of review.attendees) {
        expect(a.visited).toBeLessThanOrEqual(a.meetingsHeld);
        expect(a.filed).toBeLessThanOrEqual(a.visited);
      }
      expect(review.attendees.some((a) => a.visited > 0)).toBe(true);
      expect(review.children.rows.reduce((sum, c) => sum + c.held, 0)).toBe(review.total.held);
      // A month asks for its quarter; nonsense falls back; a unit admin stays in its subtree.
      expect(((await reviewRoute.loader(args(getRequest("/sinh-hoat/so-ket?ky=2026-08", cookie)))) as Review).quarter.param).toBe("2026-Q3");
      for (const q of ["ky=xyz", "don-vi=abc", "ky=2026-Q9"]) {
        expect({ q, status: (await settle(() => reviewRoute.loader(args(getRequest(`/sinh-hoat/so-ket?${q}`, cookie))))).status }).toEqual({ q, status: 200 });
      }
      const donvi = await cookieFor("u-donvi");
      expect((await settle(() => reviewRoute.loader(args(getRequest("/sinh-hoat/so-ket?don-vi=1", donvi))))).status).toBe(403);
      const own = (await reviewRoute.loader(args(getRequest("/sinh-hoat/so-ket?ky=2026-Q3", donvi)))) as Review;
      expect(own.attendees.length).toBeLessThanOrEqual(review.attendees.length);
    });
  });
}
