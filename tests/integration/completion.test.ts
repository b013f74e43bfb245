import { z } from "zod";
import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { DE_AN_CAMPAIGN } from "#db/seed/completion";
import { getCampaign, listCampaigns } from "~/completion/campaigns.server";
import { getClass, listClasses, updateAttendance } from "~/completion/classes.server";
import { getBurnUp, getDashboard, getPositionFigures, getUnitFigures, listPeople } from "~/completion/figures.server";
import { getUnit } from "~/org/units.server";
import * as reportRoute from "~/routes/bao-cao._index";
import * as exportRoute from "~/routes/bao-cao.xuat";
import * as printRoute from "~/routes/bao-cao.in";
import * as classRoute from "~/routes/bao-cao.lop.$id";
import { dbTargets, useTestDatabase } from "../support/db";
import { args, cookieFor, getRequest, settle } from "../support/requests";

const KEYS = ["audience", "trainedOnTime", "trained", "online", "inPerson"] as const;

for (const target of dbTargets()) {
  describe(`completion reports on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });

    async function campaigns() {
      const all = await listCampaigns({ scopes: ["/1/"] });
      const deAn = all.find((c) => c.name === DE_AN_CAMPAIGN.name)!;
      const current = all.find((c) => c.id !== deAn.id)!;
      return { deAn: (await getCampaign(deAn.id))!, current: (await getCampaign(current.id))! };
    }

    it("seeds the Đề án campaign with some units at target by 30/06/2022 and some not", async () => {
      const { deAn, current } = await campaigns();
      expect(deAn).toMatchObject({ targetPercent: 100, startsOn: "2022-04-01", deadlineOn: "2022-06-30" });
      const root = (await getUnit(1))!;
      const figures = await getUnitFigures({ campaign: deAn, unit: root });
      // Audience = distinct active people holding a target position (checked independently).
      const [expected] = rowsOf(
        await handle.database.db.execute(sql`select count(distinct pp.person_id)::int as n from person_position pp join person p on p.id = pp.person_id
          where p.active and pp.ended_on is null and pp.position in ('bi_thu_cap_uy_co_so','pho_bi_thu_cap_uy_co_so','cap_uy_vien_co_so','can_bo_chuyen_trach','bi_thu_chi_bo','pho_bi_thu_chi_bo','chi_uy_vien','dang_vu')`),
        z.object({ n: z.number() }),
      );
      expect(figures.total.audience).toBe(expected!.n);
      const statuses = new Set(figures.children.map((c) => c.status));
      expect(statuses).toEqual(new Set(["dat", "qua_han"]));
      expect(figures.total.status).toBe("qua_han");
      expect(figures.total.trainedLate).toBeGreaterThan(0);
      // Completions spread over April–June, with both methods.
      const [months] = rowsOf(
        await handle.database.db.execute(sql`select count(distinct to_char(completed_at at time zone 'Asia/Ho_Chi_Minh', 'MM'))::int as n
          from training_completion where completed_at < '2022-07-01T00:00:00+07:00'`),
        z.object({ n: z.number() }),
      );
      expect(months!.n).toBe(3);
      expect(figures.total.online).toBeGreaterThan(0);
      expect(figures.total.inPerson).toBeGreaterThan(0);
      // The current campaign is running, partly done, with units at risk.
      const now = await getUnitFigures({ campaign: current, unit: root });
      expect(now.total.status).toBe("chua_dat");
      expect(now.total.percent).toBeGreaterThan(20);
      expect(now.total.percent).toBeLessThan(90);
      expect(now.children.some((c) => c.projection.atRisk)).toBe(true);
      expect(now.children.some((c) => !c.projection.atRisk && c.audience > 0)).toBe(true);
    });

    it("rolls up: each unit's figures equal the sum of its children's, down to the cells", async () => {
      const { deAn, current } = await campaigns();
      for (const campaign of [deAn, current]) {
        const root = (await getUnit(1))!;
        const top = await getUnitFigures({ campaign, unit: root });
        for (const key of KEYS) expect({ key, value: top.children.reduce((s, c) => s + c[key], 0) }).toEqual({ key, value: top.total[key] });
        // Every đảng bộ with đảng bộ bộ phận, and one plain đảng bộ, one level further down.
        const nested = rowsOf(
          await handle.database.db.execute(
            sql`select distinct parent_id as id from unit where kind = 'dang_bo_bo_phan' union select min(id) from unit where kind = 'dang_bo_co_so'`,
          ),
          z.object({ id: z.number() }),
        );
        for (const { id } of nested) {
          const unit = (await getUnit(id))!;
          const figures = await getUnitFigures({ campaign, unit });
          const fromParent = top.children.find((c) => c.id === id)!;
          for (const key of KEYS) {
            expect({ id, key, value: figures.children.reduce((s, c) => s + c[key], 0) }).toEqual({ id, key, value: figures.total[key] });
            expect({ id, key, value: figures.total[key] }).toEqual({ id, key, value: fromParent[key] });
          }
        }
        // A cell's figures equal its list of people.
        const cell = top.children.find((c) => c.isLeaf && c.audience > 0)!;
        const people = await listPeople({ campaign, unit: (await getUnit(cell.id))!, untrainedOnly: false });
        expect(people.total).toBe(cell.audience);
        expect(people.rows.filter((r) => r.firstAt !== null)).toHaveLength(cell.trained);
        // Positions: every target position appears and no row exceeds the total.
        const positions = await getPositionFigures({ campaign, unit: root });
        expect(positions.map((p) => p.position).sort()).toEqual(campaign.positions.map((p) => p.position).sort());
        for (const p of positions) expect(p.audience).toBeLessThanOrEqual(top.total.audience);
        // The one-statement dashboard says the same as the separate queries.
        const dashboard = await getDashboard({
          campaign,
          unit: root,
          children: { limit: 1000, offset: 0 },
          untrained: { untrainedOnly: true, position: "chi_uy_vien", limit: 10 },
          withCellPeople: false,
        });
        expect(dashboard.figures).toEqual({ ...top, childOffset: 0, childCount: top.children.length, atRisk: expect.any(Array) });
        expect(dashboard.positions).toEqual(positions);
        expect(dashboard.burnUp).toEqual(await getBurnUp({ campaign, unit: root }));
        expect(dashboard.burnUp.points.at(-1)!.trained).toBe(top.total.trained);
        expect(dashboard.untrained).toEqual(await listPeople({ campaign, unit: root, untrainedOnly: true, position: "chi_uy_vien", limit: 10 }));
        // Listed out of its tree, a cell carries the units above it (same-named cells are told apart).
        expect(dashboard.untrained.rows.some((r) => / — Đảng bộ /.test(r.cellName))).toBe(true);
      }
    });

    it("counts a class attendance as in-person training and withdraws it with the attendance", async () => {
      const { current } = await campaigns();
      const classes = await listClasses({ scopes: ["/1/"] });
      const cls = (await getClass(classes.find((c) => c.startsOn >= current.startsOn && c.track === "B")!.id))!;
      const [untrained] = (await listPeople({ campaign: current, unit: (await getUnit(1))!, untrainedOnly: true, position: "bi_thu_chi_bo", limit: 1 })).rows;
      const cell = (await getUnit(
        rowsOf(
          await handle.database.db.execute(sql`select unit_id as "unitId" from person where id = ${untrained!.personId}`),
          z.object({ unitId: z.number() }),
        )[0]!.unitId,
      ))!;
      const before = await getUnitFigures({ campaign: current, unit: cell });
      const added = await updateAttendance({ trainingClass: cls, present: [untrained!.personId], absent: [], userId: "u-bantochuc" });
      expect(added).toEqual({ ok: true, added: 1, removed: 0 });
      const after = await getUnitFigures({ campaign: current, unit: cell });
      expect(after.total.trained).toBe(before.total.trained + 1);
      expect(after.total.inPerson).toBe(before.total.inPerson + 1);
      await updateAttendance({ trainingClass: cls, present: [], absent: [untrained!.personId], userId: "u-bantochuc" });
      const withdrawn = await getUnitFigures({ campaign: current, unit: cell });
      expect(withdrawn.total).toEqual(before.total);
    });

    it("records attendance from an uploaded sheet, all or nothing", async () => {
      const cookie = await cookieFor("u-bantochuc");
      const { current } = await campaigns();
      const classes = await listClasses({ scopes: ["/1/"] });
      const cls = classes.find((c) => c.startsOn >= current.startsOn && c.track === "A")!;
      const untrained = (await listPeople({ campaign: current, unit: (await getUnit(1))!, untrainedOnly: true, position: "cap_uy_vien_co_so", limit: 2 })).rows;
      const upload = async (codes: string[]) => {
        const workbook = new ExcelJS.Workbook();
        const sheet = workbook.addWorksheet("Điểm danh");
        sheet.addRow(["Danh sách học viên dự lớp"]);
        sheet.addRow(["STT", "Họ và tên", "Mã đảng viên"]);
        codes.forEach((code, i) => sheet.addRow([i + 1, "", code]));
        const form = new FormData();
        form.set("intent", "upload");
        form.set("file", new File([new Uint8Array(await workbook.xlsx.writeBuffer()).slice().buffer], "diem-danh.xlsx"));
        const request = new Request(`http://localhost/bao-cao/lop/${cls.id}`, { method: "POST", body: form, headers: { Cookie: cookie } });
        return settle(() => classRoute.action(args(request, { id: String(cls.id) })));
      };
      const attendees = async () =>
        rowsOf(
          await handle.database.db.execute(sql`select count(*)::int as n from class_attendance where class_id = ${cls.id}`),
          z.object({ n: z.number() }),
        )[0]!.n;
      const before = await attendees();
      const bad = await upload([untrained[0]!.memberCode, "KHONGCO01"]);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.value)).toContain("KHONGCO01");
      expect(await attendees()).toBe(before);
      const good = await upload(untrained.map((p) => p.memberCode));
      expect(good.status).toBe(302);
      expect(await attendees()).toBe(before + 2);
      const still = (await listPeople({ campaign: current, unit: (await getUnit(1))!, untrainedOnly: true, position: "cap_uy_vien_co_so" })).rows.map(
        (r) => r.personId,
      );
      for (const p of untrained) expect(still).not.toContain(p.personId);
    });

    it("scopes the dashboard and its exports to the admin's subtree", async () => {
      const donvi = await cookieFor("u-donvi");
      const { deAn } = await campaigns();
      const own = await settle(() => reportRoute.loader(args(getRequest(`/bao-cao?chien-dich=${deAn.id}`, donvi))));
      expect(own.status).toBe(200);
      const data = own.value as Awaited<ReturnType<typeof reportRoute.loader>>;
      expect(data.unit.id).toBe(2);
      const child = data.report!.children.rows[0]!;
      expect((await settle(() => reportRoute.loader(args(getRequest(`/bao-cao?don-vi=${child.id}`, donvi))))).status).toBe(200);
      // The root and a sibling đảng bộ are outside unit 2's subtree.
      const [sibling] = rowsOf(
        await handle.database.db.execute(sql`select id from unit where parent_id = 1 and id <> 2 order by id limit 1`),
        z.object({ id: z.number() }),
      );
      for (const unitId of [1, sibling!.id]) {
        expect((await settle(() => reportRoute.loader(args(getRequest(`/bao-cao?don-vi=${unitId}`, donvi))))).status).toBe(403);
        expect((await settle(() => exportRoute.loader(args(getRequest(`/bao-cao/xuat?don-vi=${unitId}&bang=don-vi&dinh-dang=csv`, donvi))))).status).toBe(403);
        expect((await settle(() => printRoute.loader(args(getRequest(`/bao-cao/in?don-vi=${unitId}`, donvi))))).status).toBe(403);
      }
      // A learner sees no report at all.
      const learner = await cookieFor("u-hocvien");
      expect((await settle(() => exportRoute.loader(args(getRequest(`/bao-cao/xuat?bang=don-vi&dinh-dang=csv`, learner))))).status).toBe(403);
      // The untrained list of unit 2 holds only people of unit 2's subtree.
      const outside = rowsOf(
        await handle.database.db.execute(
          sql`select count(*)::int as n from person p join unit u on u.id = p.unit_id where u.path not like '/1/2/%' and p.id in ${data.report!.untrained.rows.map((r) => r.personId).concat(-1)}`,
        ),
        z.object({ n: z.number() }),
      );
      expect(outside[0]!.n).toBe(0);
    });

    it("exports the children table as a real workbook with Vietnamese headers, and as CSV", async () => {
      const admin = await cookieFor("u-bantochuc");
      const { deAn } = await campaigns();
      const response = (await exportRoute.loader(
        args(getRequest(`/bao-cao/xuat?chien-dich=${deAn.id}&don-vi=1&bang=don-vi&dinh-dang=xlsx`, admin)),
      )) as Response;
      expect(response.headers.get("Content-Type")).toContain("spreadsheetml");
      expect(response.headers.get("Content-Disposition")).toMatch(/attachment; filename="bao-cao-don-vi-.*\.xlsx"/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await response.arrayBuffer());
      const sheet = workbook.worksheets[0]!;
      const values = sheet.getSheetValues().filter(Boolean) as unknown[][];
      const headerIndex = values.findIndex((row) => row.includes("Đơn vị"));
      expect(values[headerIndex]).toContain("Đã tập huấn đúng hạn");
      const figures = await getUnitFigures({ campaign: deAn, unit: (await getUnit(1))! });
      const dataRows = values.slice(headerIndex + 1).filter((row) => typeof row[2] === "number");
      expect(dataRows).toHaveLength(figures.children.length + 1);
      const totalRow = dataRows.find((row) => row[1] === "Tổng cộng")!;
      expect(totalRow[2]).toBe(figures.total.audience);
      expect(totalRow[3]).toBe(figures.total.trainedOnTime);
      const csv = (await exportRoute.loader(
        args(getRequest(`/bao-cao/xuat?chien-dich=${deAn.id}&don-vi=1&bang=chua-tap-huan&dinh-dang=csv`, admin)),
      )) as Response;
      const bytes = new Uint8Array(await csv.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM for Excel
      const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
      expect(text.split("\r\n")[0]).toBe("\uFEFFSTT,Họ và tên,Mã đảng viên,Chi bộ,Chức vụ,Ngày hoàn thành,Hình thức,Tiến độ học tập");
      const untrained = await listPeople({ campaign: deAn, unit: (await getUnit(1))!, untrainedOnly: true });
      expect(text.trim().split("\r\n")).toHaveLength(untrained.total + 1);
      // The burn-up's data table: weekly rows ending with everyone trained so far.
      const progress = await (
        (await exportRoute.loader(args(getRequest(`/bao-cao/xuat?chien-dich=${deAn.id}&don-vi=1&bang=tien-do&dinh-dang=csv`, admin)))) as Response
      ).text();
      const lines = progress.trim().split("\r\n");
      expect(lines[0]).toBe("Đến ngày,Đã tập huấn (cộng dồn),Tỷ lệ (%),Chỉ tiêu (%)");
      expect(lines[1]).toMatch(/^07\/04\/2022,/);
      // 07/04 + 12 weeks is the deadline: that row holds exactly the people trained on time.
      // Machine-readable: a dot decimal, unquoted (the xlsx carries the vi-VN form).
      expect(lines).toContain(`30/06/2022,${figures.total.trainedOnTime},${figures.total.percentOnTime},100`);
      expect(lines.find((l) => l.startsWith("30/06/2022,"))).toMatch(/^30\/06\/2022,\d+,\d+(\.\d+)?,100$/);
      // Bad table name: a clear 400, not a 500.
      const bad = await settle(() => exportRoute.loader(args(getRequest(`/bao-cao/xuat?bang=x&dinh-dang=pdf`, admin))));
      expect(bad.status).toBe(400);
    });
  });
}
