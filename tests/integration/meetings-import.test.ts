import { z } from "zod";
import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { addDays, localDate } from "~/utils/dates";
import { importHistory, importSummary } from "~/meetings/history-import.server";
import * as classRoute from "~/routes/bao-cao.lop.$id";
import * as classTemplateRoute from "~/routes/bao-cao.lop.$id.mau[.]xlsx";
import * as classesRoute from "~/routes/bao-cao.lop._index";
import * as dashboardRoute from "~/routes/sinh-hoat.bao-cao._index";
import * as registerRoute from "~/routes/sinh-hoat.chi-bo.$cellId._index";
import * as importRoute from "~/routes/sinh-hoat.chi-bo.$cellId.nhap";
import * as templateRoute from "~/routes/sinh-hoat.chi-bo.$cellId.nhap.mau[.]xlsx";
import { readSheetBytes } from "~/utils/sheets.server";
import { dbTargets, useTestDatabase } from "../support/db";
import { args, cookieFor, formMessages, getRequest, payload, postRequest, settle, uploadRequest } from "../support/requests";

type Dashboard = Awaited<ReturnType<typeof dashboardRoute.loader>>;
type Register = Awaited<ReturnType<typeof registerRoute.loader>>;

function fixture(name: string) {
  return readFileSync(new URL(`../fixtures/imports/${name}`, import.meta.url));
}

function upload(path: string, name: string, body: BlobPart, cookie: string) {
  return uploadRequest(path, { intent: "upload" }, { name, body }, cookie);
}

/** The sample file's meetings (tests/fixtures/imports/source/meetings-history.csv): 4 meetings of bithu's 7 members in Q1 2024. */
const EXPECTED = [
  ["2024-01-05", "thuong_ky", null, 5, 1, 1],
  ["2024-02-05", "thuong_ky", null, 5, 1, 1],
  ["2024-03-05", "thuong_ky", null, 6, 0, 1],
  ["2024-03-28", "chuyen_de", "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", 6, 1, 0],
];

for (const target of dbTargets()) {
  describe(`meetings history import on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    const db = () => handle.database.db;
    const today = localDate(new Date());
    const q = async <Row extends z.AnyZodObject>(query: ReturnType<typeof sql>, row: Row) => rowsOf(await db().execute(query), row);

    async function bithuCell() {
      const [row] = await q(sql`select p.unit_id as id from person p join "user" u on u.person_id = p.id where u.id = 'u-bithu'`, z.object({ id: z.number() }));
      return row!.id;
    }
    async function imported(cellId: number) {
      return (
        await q(
          sql`
          select m.held_on::text as "heldOn", m.kind, m.topic,
            count(*) filter (where a.status = 'present')::int as present, count(*) filter (where a.status = 'excused')::int as excused,
            count(*) filter (where a.status = 'unexcused')::int as unexcused
          from meeting m join meeting_attendance a on a.meeting_id = m.id
          where m.cell_id = ${cellId} and m.source = 'import' group by m.id order by m.held_on, m.kind desc`,
          z.object({ heldOn: z.string(), kind: z.string(), topic: z.string().nullable(), present: z.number(), excused: z.number(), unexcused: z.number() }),
        )
      ).map((r) => [r.heldOn, r.kind, r.topic, r.present, r.excused, r.unexcused]);
    }
    /** Row counts and versions of the meeting tables and the roll-up: any write changes it. */
    async function meetingTables() {
      return q(
        sql`
        select 'meeting' as t, count(*)::int as n, coalesce(sum(xmin::text::bigint), 0)::text as h from meeting
        union all select 'attendance', count(*)::int, coalesce(sum(xmin::text::bigint), 0)::text from meeting_attendance
        union all select 'period', count(*)::int, coalesce(sum(xmin::text::bigint), 0)::text from meeting_cell_period
        union all select 'runs', count(*)::int, coalesce(sum(xmin::text::bigint), 0)::text from meeting_absence_run`,
        z.object({ t: z.string(), n: z.number(), h: z.string() }),
      );
    }
    async function post(cellId: number, name: string, body: BlobPart, userId = "u-bithu") {
      const path = `/sinh-hoat/chi-bo/${cellId}/nhap`;
      return settle(async () => importRoute.action(args(upload(path, name, body, await cookieFor(userId)), { cellId: String(cellId) })));
    }
    async function dashboard(query: string) {
      return (await dashboardRoute.loader(args(getRequest(`/sinh-hoat/bao-cao?${query}`, await cookieFor("u-bantochuc"))))) as Dashboard;
    }

    it("imports Calc's xlsx and its Windows-1258 CSV alike, moves the dashboard's 2024 figures, and a second import writes nothing", async () => {
      const cellId = await bithuCell();
      const before = await dashboard(`ky=2024&don-vi=${cellId}`);
      expect(before.total.held).toBe(0);
      expect(before.targets.find((t) => t.key === "attendance")!.denominator).toBe(0);
      for (const name of ["meetings-history-calc.xlsx", "meetings-history-windows-1258.csv"]) {
        await db().execute(sql`delete from meeting where cell_id = ${cellId} and source = 'import'`);
        const outcome = await post(cellId, name, fixture(name));
        expect(outcome.status, `${name}: ${JSON.stringify(payload(outcome.value))}`).toBe(302);
        expect(await imported(cellId), name).toEqual(EXPECTED);
      }
      const reasons = await q(
        sql`select p.member_code as code, a.status, a.reason from meeting_attendance a
        join meeting m on m.id = a.meeting_id join person p on p.id = a.person_id where m.cell_id = ${cellId} and m.source = 'import' and a.status <> 'present' order by a.held_on, p.member_code`,
        z.object({ code: z.string(), status: z.string(), reason: z.string().nullable() }),
      );
      expect(reasons[0]).toEqual({ code: "QB000019", status: "excused", reason: "Đi công tác" });
      expect(reasons.filter((r) => r.code === "QB000020").map((r) => r.status)).toEqual(["unexcused", "unexcused", "unexcused"]);

      const after = await dashboard(`ky=2024&don-vi=${cellId}`);
      expect(after.total).toMatchObject({ held: 4, regular: 3, thematic: 1, unexcused: 3 });
      expect(after.targets.find((t) => t.key === "attendance")).toMatchObject({ numerator: 0, denominator: 4 });
      expect(after.targets.find((t) => t.key === "unexcused")).toMatchObject({ figure: 3, met: false });
      // The roll-up above the cell moved with it.
      const bloc = await dashboard("ky=2024-Q1");
      expect(bloc.total.held).toBe(4);

      // The same file again: every meeting is skipped, nothing is written.
      const tables = await meetingTables();
      const again = await post(cellId, "meetings-history-calc.xlsx", fixture("meetings-history-calc.xlsx"));
      expect(again.status).toBe(302);
      expect(await meetingTables()).toEqual(tables);
      const sheet = await readSheetBytes("s.csv", new Uint8Array(fixture("meetings-history-windows-1258.csv")));
      const result = await importHistory({ cellId, ...(sheet as { rows: string[][]; lines: number[] }), today, userId: "u-bithu" });
      expect(result).toMatchObject({ ok: true, imported: [], skipped: EXPECTED.map(([date, kind]) => ({ date, kind })) });
      expect(importSummary(result as Extract<typeof result, { ok: true }>)).toContain("Bỏ qua 4 kỳ đã có trong sổ");

      // The register and the import page mark them as imported.
      const page = (await importRoute.loader(
        args(getRequest(`/sinh-hoat/chi-bo/${cellId}/nhap`, await cookieFor("u-bithu")), { cellId: String(cellId) }),
      )) as Awaited<ReturnType<typeof importRoute.loader>>;
      expect(page.imported.map((m) => m.heldOn)).toEqual(EXPECTED.map(([d]) => d).reverse());
    });

    it("refuses the whole file when one line names a member of another cell, naming the line", async () => {
      const cellId = await bithuCell();
      const [stranger] = await q(sql`select member_code as code from person where unit_id <> ${cellId} order by id limit 1`, z.object({ code: z.string() }));
      const text = readFileSync(new URL("../fixtures/imports/source/meetings-history.csv", import.meta.url), "utf8")
        .replace(/05\/01\/2024/g, "05/01/2023")
        .replace(/5\/2\/2024/g, "05/02/2023")
        .replace(/05\/03\/2024/g, "05/03/2023")
        .replace(/28\/03\/2024/g, "28/03/2023")
        .replace("QB000017,Hoàng Ngọc Khang,có", `${stranger!.code},,có`);
      const tables = await meetingTables();
      const outcome = await post(cellId, "so.csv", text);
      expect(outcome.status).toBe(400);
      const errors = formMessages(outcome.value);
      expect(errors.join(" ")).toContain(`Dòng 14: mã ${stranger!.code} không phải đảng viên của chi bộ này.`);
      expect(await meetingTables()).toEqual(tables);
      // A code whose name is another member's is caught by the loose name check.
      const swapped = text.replace(`${stranger!.code},,có`, "QB000017,Nguyễn Thị Loan,có");
      const named = await post(cellId, "so.csv", swapped);
      expect(formMessages(named.value).join(" ")).toContain("Dòng 14: mã QB000017 là đồng chí Hoàng Ngọc Khang");
      // A future date is refused.
      const future = text.replace(`${stranger!.code},,có`, "QB000017,Hoàng Ngọc Khang,có").replace(
        "28/03/2023",
        localDate(new Date(Date.now() + 3 * 86_400_000))
          .split("-")
          .reverse()
          .join("/"),
      );
      expect(formMessages((await post(cellId, "so.csv", future)).value).join(" ")).toContain("chưa tới");
      expect(await meetingTables()).toEqual(tables);
    });

    it("accepts a member who moved away for the meetings before the move, refuses them after it", async () => {
      const cellId = await bithuCell();
      const [moved] = await q(
        sql`select id, member_code as code from person where unit_id = ${cellId} and member_code = 'QB000020'`,
        z.object({ id: z.number(), code: z.string() }),
      );
      const [otherCell] = await q(sql`select id from unit where kind = 'chi_bo' and id <> ${cellId} order by id limit 1`, z.object({ id: z.number() }));
      // Moved by the admin pages a week ago: the membership history closes the row at this cell.
      const movedAt = new Date(Date.now() - 7 * 86_400_000);
      await db().execute(
        sql`update person_membership set ended_at = ${movedAt.toISOString()}::timestamptz where person_id = ${moved!.id} and ended_at is null`,
      );
      await db().execute(
        sql`insert into person_membership (person_id, unit_id, started_at) values (${moved!.id}, ${otherCell!.id}, ${movedAt.toISOString()}::timestamptz)`,
      );
      await db().execute(sql`update person set unit_id = ${otherCell!.id} where id = ${moved!.id}`);
      try {
        const csv = (date: string) => `Ngày họp,Mã đảng viên,Điểm danh\n${date},QB000014,x\n${date},${moved!.code},x\n`;
        const earlier = await post(cellId, "a.csv", csv("05/06/2023"));
        expect(earlier.status, JSON.stringify(payload(earlier.value))).toBe(302);
        const lastDay = addDays(today, -1).split("-").reverse().join("/");
        const later = await post(cellId, "b.csv", csv(lastDay));
        expect(later.status).toBe(400);
        expect(formMessages(later.value).join(" ")).toContain(`Dòng 3: ngày ${lastDay}`);
      } finally {
        await db().execute(sql`delete from person_membership where person_id = ${moved!.id} and unit_id = ${otherCell!.id}`);
        await db().execute(sql`update person_membership set ended_at = null where person_id = ${moved!.id}`);
        await db().execute(sql`update person set unit_id = ${cellId} where id = ${moved!.id}`);
      }
    });

    it("puts a member absent at three imported meetings in a row on the live lists", async () => {
      const cellId = await bithuCell();
      const [last] = await q(
        sql`select max(held_on)::text as d from meeting where cell_id = ${cellId} and recorded_at is not null`,
        z.object({ d: z.string() }),
      );
      const dates = [addDays(today, -3), addDays(today, -2), addDays(today, -1)];
      expect(dates[0]! > last!.d).toBe(true);
      const beforeRisk = (await registerRoute.loader(
        args(getRequest(`/sinh-hoat/chi-bo/${cellId}`, await cookieFor("u-bithu")), { cellId: String(cellId) }),
      )) as Register;
      // A member not on the list yet (the demo's at-risk member already is).
      const [member] = await q(
        sql`select id, member_code as code from person where unit_id = ${cellId} and member_code <> 'QB000014'
        and id not in (${sql.join(
          [0, ...beforeRisk.atRisk.map((m) => m.personId)].map((id) => sql`${id}`),
          sql`, `,
        )}) order by id limit 1`,
        z.object({ id: z.number(), code: z.string() }),
      );
      const lines = dates.flatMap((d) => [
        `${d.split("-").reverse().join("/")},Thường kỳ,QB000014,x,`,
        `${d.split("-").reverse().join("/")},Thường kỳ,${member!.code},KP,`,
      ]);
      const outcome = await post(cellId, "c.csv", `Ngày họp,Loại,Mã đảng viên,Điểm danh,Lý do\n${lines.join("\n")}\n`);
      expect(outcome.status, JSON.stringify(payload(outcome.value))).toBe(302);
      const register = (await registerRoute.loader(
        args(getRequest(`/sinh-hoat/chi-bo/${cellId}`, await cookieFor("u-bithu")), { cellId: String(cellId) }),
      )) as Register;
      expect(register.atRisk).toContainEqual(expect.objectContaining({ personId: member!.id, absences: 3, unexcused: 3 }));
      const shown = register.entries.filter((e) => e.meeting?.imported).map((e) => e.meeting!.heldOn);
      expect(shown).toEqual(expect.arrayContaining(dates));
      const bloc = await dashboard("");
      expect(bloc.membersAtRisk.rows).toContainEqual(expect.objectContaining({ personId: member!.id, absentRun: 3, unexcusedRun: 3 }));
    });

    it("takes over a meeting row an attendee's unfiled visit created, as the record form does (the cell never learns of it)", async () => {
      const cellId = await bithuCell();
      const [row] = await q(
        sql`insert into meeting (cell_id, scheduled_on, kind, status) values (${cellId}, '2023-07-05', 'thuong_ky', 'held') returning id`,
        z.object({ id: z.number() }),
      );
      const outcome = await post(cellId, "e.csv", "Ngày họp,Mã đảng viên,Điểm danh\n05/07/2023,QB000014,x\n");
      expect(outcome.status, JSON.stringify(payload(outcome.value))).toBe(302);
      const [after] = await q(
        sql`select m.id, m.source, m.recorded_at is not null as recorded,
        (select count(*)::int from meeting_attendance a where a.meeting_id = m.id) as n from meeting m where m.cell_id = ${cellId} and m.scheduled_on = '2023-07-05'`,
        z.object({ id: z.number(), source: z.string(), recorded: z.boolean(), n: z.number() }),
      );
      expect(after).toEqual({ id: row!.id, source: "import", recorded: true, n: 1 });
    });

    it("lets the cell's officers and the Ban Tổ chức above it import; refuses anyone else, the template too", async () => {
      const cellId = await bithuCell();
      const csv = "Ngày họp,Mã đảng viên,Điểm danh\n05/09/2022,QB000014,x\n";
      for (const userId of ["u-hocvien", "u-capuy"]) {
        expect((await post(cellId, "d.csv", csv, userId)).status, userId).toBe(403);
        const template = await settle(async () =>
          templateRoute.loader(args(getRequest(`/sinh-hoat/chi-bo/${cellId}/nhap/mau.xlsx`, await cookieFor(userId)), { cellId: String(cellId) })),
        );
        expect(template.status, userId).toBe(403);
      }
      expect((await post(cellId, "d.csv", csv, "u-donvi")).status).toBe(302);
      const [outside] = await q(
        sql`select u.id from unit u, unit g join role_grant r on r.unit_id = g.id and r.user_id = 'u-donvi' and r.role = 'org_admin'
        where u.kind = 'chi_bo' and u.path not like g.path || '%' order by u.id limit 1`,
        z.object({ id: z.number() }),
      );
      expect((await post(outside!.id, "d.csv", csv, "u-donvi")).status).toBe(403);
    });

    it("offers a template with the cell's members in name order, code and date columns as text, that imports once filled", async () => {
      const cellId = await bithuCell();
      const response = (await templateRoute.loader(
        args(getRequest(`/sinh-hoat/chi-bo/${cellId}/nhap/mau.xlsx`, await cookieFor("u-bithu")), { cellId: String(cellId) }),
      )) as Response;
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await response.arrayBuffer());
      const sheet = workbook.worksheets[0]!;
      expect(sheet.getColumn(2).numFmt).toBe("@");
      expect(sheet.getColumn(5).numFmt).toBe("@");
      const members = await q(
        sql`select member_code as code from person where unit_id = ${cellId} and active order by sort_key collate "C", id`,
        z.object({ code: z.string() }),
      );
      const codes: string[] = [];
      sheet.eachRow((row, n) => {
        if (n > 3) codes.push(String(row.getCell(5).value));
      });
      expect(codes).toEqual(members.map((m) => m.code));
      // Filled in as a secretary would: the date typed as text, everyone present but one.
      sheet.eachRow((row, n) => {
        if (n <= 3) return;
        row.getCell(2).value = "15/08/2022";
        row.getCell(7).value = n === 4 ? "P" : "x";
        row.getCell(8).value = n === 4 ? "Đi học" : "";
      });
      const filled = Buffer.from(await workbook.xlsx.writeBuffer());
      const outcome = await post(cellId, "so-sinh-hoat.xlsx", filled);
      expect(outcome.status, JSON.stringify(payload(outcome.value))).toBe(302);
      const [m] = await q(
        sql`select count(*)::int as n, count(*) filter (where a.status = 'excused')::int as excused
        from meeting m join meeting_attendance a on a.meeting_id = m.id where m.cell_id = ${cellId} and m.held_on = '2022-08-15' and m.source = 'import'`,
        z.object({ n: z.number(), excused: z.number() }),
      );
      expect(m).toEqual({ n: members.length, excused: 1 });
    });

    it("class attendance: the template lists the class's people with codes as text; marked and uploaded, it saves the attendance", async () => {
      const cookie = await cookieFor("u-donvi");
      const created = await settle(() =>
        classesRoute.action(
          args(
            postRequest(
              "/bao-cao/lop",
              {
                name: "Lớp thử mẫu điểm danh",
                track: "B",
                unitId: "2",
                startsOn: "2026-10-05",
                endsOn: "2026-10-06",
                place: "Hội trường",
                lecturers: "Báo cáo viên",
              },
              cookie,
            ),
          ),
        ),
      );
      expect(created.status).toBe(302);
      const [cls] = await q(sql`select id from training_class where name = 'Lớp thử mẫu điểm danh'`, z.object({ id: z.number() }));
      const params = { id: String(cls!.id) };
      const response = (await classTemplateRoute.loader(args(getRequest(`/bao-cao/lop/${cls!.id}/mau.xlsx`, cookie), params))) as Response;
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await response.arrayBuffer());
      const sheet = workbook.worksheets[0]!;
      expect(sheet.getColumn(2).numFmt).toBe("@");
      expect(sheet.getRow(3).values).toEqual([undefined, "STT", "Mã đảng viên", "Họ và tên", "Chi bộ", "Dự lớp"]);
      const listed: string[] = [];
      sheet.eachRow((row, n) => {
        if (n <= 3) return;
        listed.push(String(row.getCell(2).value));
        row.getCell(5).value = n <= 5 ? "x" : "";
      });
      expect(listed.length).toBeGreaterThan(2);
      const attended = async () =>
        (
          await q(
            sql`select p.member_code as code from class_attendance ca join person p on p.id = ca.person_id where ca.class_id = ${cls!.id} order by 1`,
            z.object({ code: z.string() }),
          )
        ).map((r) => r.code);
      const marked = Buffer.from(await workbook.xlsx.writeBuffer());
      const outcome = await settle(() => classRoute.action(args(upload(`/bao-cao/lop/${cls!.id}`, "diem-danh.xlsx", marked, cookie), params)));
      expect(outcome.status, JSON.stringify(payload(outcome.value))).toBe(302);
      expect(await attended()).toEqual(listed.slice(0, 2).sort());
      // Downloaded again, the template shows them marked; unmarking one and uploading removes them.
      const again = new ExcelJS.Workbook();
      await again.xlsx.load(
        await ((await classTemplateRoute.loader(args(getRequest(`/bao-cao/lop/${cls!.id}/mau.xlsx`, cookie), params))) as Response).arrayBuffer(),
      );
      const marks: Record<string, string> = {};
      again.worksheets[0]!.eachRow((row, n) => {
        if (n > 3) marks[String(row.getCell(2).value)] = String(row.getCell(5).value ?? "");
      });
      expect(
        Object.entries(marks)
          .filter(([, m]) => m === "x")
          .map(([c]) => c)
          .sort(),
      ).toEqual(listed.slice(0, 2).sort());
      again.worksheets[0]!.eachRow((row, n) => {
        if (n === 4) row.getCell(5).value = "";
      });
      const unmarked = Buffer.from(await again.xlsx.writeBuffer());
      const second = await settle(() => classRoute.action(args(upload(`/bao-cao/lop/${cls!.id}`, "diem-danh.xlsx", unmarked, cookie), params)));
      expect(second.status).toBe(302);
      expect(await attended()).toEqual([listed[1]]);
    });
  });
}
