import { z } from "zod";
import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import * as importRoute from "~/routes/bao-cao.nhap-danh-sach";
import * as templateRoute from "~/routes/bao-cao.nhap-danh-sach.mau[.]xlsx";
import * as campaignNewRoute from "~/routes/bao-cao.chien-dich.moi";
import { dbTargets, useTestDatabase } from "../support/db";
import { args, cookieFor, formMessages, getRequest, postRequest, settle } from "../support/requests";

function multipart(path: string, fields: Record<string, string>, file: { name: string; body: BlobPart }, cookie: string) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set("file", new File([file.body], file.name));
  return new Request(`http://localhost${path}`, { method: "POST", body: form, headers: { Cookie: cookie } });
}

async function xlsxOf(rows: (string | number)[][]): Promise<ArrayBuffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Danh sách");
  for (const r of rows) sheet.addRow(r);
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer).slice().buffer;
}

/** The payload of a returned `data(...)` (or of a plain object). */
function payload<T>(value: unknown): T {
  return ((value as { data?: unknown })?.data ?? value) as T;
}

const HEADERS = ["STT", "Mã đảng viên", "Họ và tên", "Giới tính", "Năm sinh", "Số điện thoại", "Mã chi bộ", "Tên chi bộ (tham khảo)", "Chức vụ"];

for (const target of dbTargets()) {
  describe(`roster import and campaign forms on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    const db = () => handle.database.db;

    async function cellsOfUnit2() {
      return rowsOf(
        await db().execute(sql`select id from unit where path like '/1/2/%' and kind = 'chi_bo' order by id limit 2`),
        z.object({ id: z.number() }),
      ).map((r) => r.id);
    }

    async function preview(cookie: string, body: ArrayBuffer | string, name: string, unitId = 2) {
      const outcome = await settle(() =>
        importRoute.action(args(multipart("/bao-cao/nhap-danh-sach", { intent: "preview", unitId: String(unitId) }, { name, body }, cookie))),
      );
      return outcome as { status: number; value: unknown };
    }

    it("offers a template with Vietnamese headers and the admin's cells", async () => {
      const response = (await templateRoute.loader(args(getRequest("/bao-cao/nhap-danh-sach/mau.xlsx", await cookieFor("u-donvi"))))) as Response;
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await response.arrayBuffer());
      expect(workbook.worksheets.map((s) => s.name)).toEqual(["Danh sách", "Mã chi bộ", "Chức vụ"]);
      expect(workbook.worksheets[0]!.getRow(1).values).toEqual([undefined, ...HEADERS]);
      const cellIds = workbook.worksheets[1]!.getColumn(1).values.filter((v): v is number => typeof v === "number");
      const [own] = rowsOf(
        await db().execute(sql`select count(*)::int as n from unit where path like '/1/2/%' and kind in ('chi_bo','chi_bo_co_so')`),
        z.object({ n: z.number() }),
      );
      expect(cellIds).toHaveLength(own!.n);
      // Same-named cells are told apart: every (name, trail above) pair is listed once.
      const units = workbook.worksheets[1]!;
      const pairs = [];
      for (let r = 2; r <= units.rowCount; r++) pairs.push(`${String(units.getCell(r, 2).value)} | ${String(units.getCell(r, 3).value)}`);
      expect(new Set(pairs).size).toBe(pairs.length);
    });

    it("imports a good file, re-imports it without changes, and moves a person keeping history", async () => {
      const cookie = await cookieFor("u-donvi");
      const [cellA, cellB] = await cellsOfUnit2();
      const file = await xlsxOf([
        HEADERS,
        [1, "NB000001", "Trần Thị Bình", "Nữ", 1985, "0987000001", cellA!, "", "Bí thư chi bộ"],
        [2, "NB000002", "Lê Văn Cường", "Nam", 1979, "", cellA!, "", "Chi ủy viên, Cấp ủy viên cơ sở"],
        [3, "NB000003", "Phạm Minh Đức", "", "", "", cellB!, "", ""],
      ]);
      const first = await preview(cookie, file, "ds.xlsx");
      expect(first.status).toBe(200);
      const plan = first.value as { stage: string; counts: Record<string, number>; rows: string; unitId: number };
      expect(plan.counts).toEqual({ moi: 3, "cap-nhat": 0, "chuyen-chi-bo": 0, "khong-doi": 0 });
      const commit = await settle(() =>
        importRoute.action(args(postRequest("/bao-cao/nhap-danh-sach", { intent: "commit", unitId: "2", rows: plan.rows }, cookie))),
      );
      expect(commit.status).toBe(302);
      const people = rowsOf(
        await db().execute(sql`select p.member_code as "memberCode", string_agg(pp.position, ',' order by pp.position) as positions
          from person p join person_position pp on pp.person_id = p.id where p.member_code like 'NB%' group by p.member_code order by 1`),
        z.object({ memberCode: z.string(), positions: z.string() }),
      );
      expect(people).toEqual([
        { memberCode: "NB000001", positions: "bi_thu_chi_bo" },
        { memberCode: "NB000002", positions: "cap_uy_vien_co_so,chi_uy_vien" },
        { memberCode: "NB000003", positions: "dang_vien" },
      ]);
      // The same file again: nothing to do, nothing written.
      const [before] = rowsOf(
        await db().execute(sql`select count(*)::int as n, max(updated_at)::text as t from person`),
        z.object({ n: z.number(), t: z.string() }),
      );
      const again = (await preview(cookie, file, "ds.xlsx")).value as { counts: Record<string, number>; rows: string };
      expect(again.counts).toEqual({ moi: 0, "cap-nhat": 0, "chuyen-chi-bo": 0, "khong-doi": 3 });
      await settle(() => importRoute.action(args(postRequest("/bao-cao/nhap-danh-sach", { intent: "commit", unitId: "2", rows: again.rows }, cookie))));
      const [after] = rowsOf(
        await db().execute(sql`select count(*)::int as n, max(updated_at)::text as t from person`),
        z.object({ n: z.number(), t: z.string() }),
      );
      expect(after).toEqual(before);
      // Move NB000001 to the other cell: one closed and one open membership, completions kept.
      const [moved] = rowsOf(await db().execute(sql`select id from person where member_code = 'NB000001'`), z.object({ id: z.number() }));
      await db().execute(
        sql`insert into training_completion (person_id, track, method, completed_at, evidence) values (${moved!.id}, 'B', 'online', now(), 'test:move')`,
      );
      const moveFile = await xlsxOf([HEADERS, [1, "NB000001", "Trần Thị Bình", "Nữ", 1985, "0987000001", cellB!, "", "Bí thư chi bộ"]]);
      const move = (await preview(cookie, moveFile, "chuyen.xlsx")).value as { counts: Record<string, number>; rows: string };
      expect(move.counts["chuyen-chi-bo"]).toBe(1);
      await settle(() => importRoute.action(args(postRequest("/bao-cao/nhap-danh-sach", { intent: "commit", unitId: "2", rows: move.rows }, cookie))));
      const history = rowsOf(
        await db().execute(sql`select unit_id as "unitId", ended_at is not null as ended from person_membership where person_id = ${moved!.id} order by id`),
        z.object({ unitId: z.number(), ended: z.boolean() }),
      );
      expect(history).toEqual([
        { unitId: cellA!, ended: true },
        { unitId: cellB!, ended: false },
      ]);
      const positions = rowsOf(
        await db().execute(sql`select unit_id as "unitId", ended_on is not null as ended from person_position where person_id = ${moved!.id} order by id`),
        z.object({ unitId: z.number(), ended: z.boolean() }),
      );
      expect(positions).toEqual([
        { unitId: cellA!, ended: true },
        { unitId: cellB!, ended: false },
      ]);
      const [kept] = rowsOf(
        await db().execute(sql`select count(*)::int as n from training_completion where person_id = ${moved!.id}`),
        z.object({ n: z.number() }),
      );
      expect(kept!.n).toBe(1);
    });

    it("rejects a bad file with row-level Vietnamese errors and writes nothing", async () => {
      const cookie = await cookieFor("u-donvi");
      const [cellA] = await cellsOfUnit2();
      const [outside] = rowsOf(
        await db().execute(sql`select id from unit where path not like '/1/2/%' and kind = 'chi_bo' order by id limit 1`),
        z.object({ id: z.number() }),
      );
      const csv = [
        HEADERS.join(","),
        `1,NC000001,Hoàng Văn Em,Nam,1980,,${cellA},,Bí thư chi bộ`,
        `2,NC000001,Hoàng Văn Em,Nam,1980,,${cellA},,Bí thư chi bộ`,
        `3,NC000003,Vũ Thị Giang,Nữ,1990,,99999,,Đảng viên`,
        `4,NC000004,Đỗ Văn Hải,Nam,1990,,${outside!.id},,Đảng viên`,
        `5,NC000005,Ngô Thị Lan,Nữ,1990,,${cellA},,Chủ tịch`,
        `6,NC000006,Lý,Nam,1990,,2,,Đảng viên`,
      ].join("\r\n");
      const [before] = rowsOf(await db().execute(sql`select count(*)::int as n from person`), z.object({ n: z.number() }));
      const outcome = await preview(cookie, "\uFEFF" + csv, "loi.csv");
      expect(outcome.status).toBe(400);
      const errors = formMessages(outcome.value).join("\n");
      expect(errors).toContain("Dòng 3: mã đảng viên NC000001 trùng với dòng 2");
      expect(errors).toContain("Dòng 4: không tìm thấy đơn vị mã 99999");
      expect(errors).toContain(`Dòng 5: đơn vị mã ${outside!.id} không thuộc phạm vi được nhập`);
      expect(errors).toContain('Dòng 6: chức vụ "Chủ tịch" không hợp lệ');
      expect(errors).toContain("Dòng 7: họ và tên phải có ít nhất họ và tên");
      const [after] = rowsOf(await db().execute(sql`select count(*)::int as n from person`), z.object({ n: z.number() }));
      expect(after!.n).toBe(before!.n);
      // A forged commit outside the admin's subtree is refused too.
      const forged = JSON.stringify([
        {
          line: 2,
          memberCode: "NC000009",
          familyName: "A",
          middleName: "",
          givenName: "B",
          gender: null,
          birthYear: null,
          phone: null,
          cellId: outside!.id,
          positions: ["dang_vien"],
        },
      ]);
      const commit = await settle(() =>
        importRoute.action(args(postRequest("/bao-cao/nhap-danh-sach", { intent: "commit", unitId: "2", rows: forged }, cookie))),
      );
      expect(commit.status).toBe(400);
      const other = await settle(() =>
        importRoute.action(args(postRequest("/bao-cao/nhap-danh-sach", { intent: "commit", unitId: "1", rows: forged }, cookie))),
      );
      expect(other.status).toBe(403);
    });

    it("validates the campaign form in Vietnamese and creates a campaign the dashboard shows", async () => {
      const cookie = await cookieFor("u-bantochuc");
      const bad = await settle(() =>
        campaignNewRoute.action(
          args(
            postRequest(
              "/bao-cao/chien-dich/moi",
              { name: "X", legalBasis: "", organisingUnitId: "1", targetPercent: "120", startsOn: "2026-12-01", deadlineOn: "2026-11-01" },
              cookie,
            ),
          ),
        ),
      );
      expect(bad.status).toBe(400);
      const errors = JSON.stringify(payload<{ result?: { error?: unknown } }>(bad.value).result?.error);
      expect(errors).toContain("Tên chiến dịch quá ngắn.");
      expect(errors).toContain("Chỉ tiêu nhiều nhất 100%.");
      const good = await settle(() =>
        campaignNewRoute.action(
          args(
            postRequest(
              "/bao-cao/chien-dich/moi",
              {
                name: "Tập huấn đảng vụ 2027",
                legalBasis: "Kế hoạch thử",
                organisingUnitId: "2",
                targetPercent: "80",
                startsOn: "2027-01-01",
                deadlineOn: "2027-03-31",
                acceptOnline: "on",
                positions: ["dang_vu:B", "", "bi_thu_chi_bo:B"],
              },
              cookie,
            ),
          ),
        ),
      );
      expect(good.status).toBe(302);
      const [created] = rowsOf(
        await db().execute(sql`select c.target_percent as n, string_agg(cp.position || ':' || cp.track, ',' order by cp.position) as positions
          from campaign c join campaign_position cp on cp.campaign_id = c.id where c.name = 'Tập huấn đảng vụ 2027' group by c.id`),
        z.object({ n: z.number(), positions: z.string() }),
      );
      expect(created).toEqual({ n: 80, positions: "bi_thu_chi_bo:B,dang_vu:B" });
      // donvi may not organise a campaign for the whole bloc.
      const donviCookie = await cookieFor("u-donvi");
      const donvi = await settle(() =>
        campaignNewRoute.action(
          args(
            postRequest(
              "/bao-cao/chien-dich/moi",
              {
                name: "Không được phép",
                legalBasis: "Kế hoạch",
                organisingUnitId: "1",
                targetPercent: "80",
                startsOn: "2027-01-01",
                deadlineOn: "2027-03-31",
                acceptOnline: "on",
                positions: ["dang_vu:B"],
              },
              donviCookie,
            ),
          ),
        ),
      );
      expect(donvi.status).toBe(403);
    });
  });
}
