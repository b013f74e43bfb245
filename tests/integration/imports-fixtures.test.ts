import { z } from "zod";
import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { parseQuestionSheet } from "~/contest/questions.server";
import * as classRoute from "~/routes/bao-cao.lop.$id";
import * as classesRoute from "~/routes/bao-cao.lop._index";
import * as rosterRoute from "~/routes/bao-cao.nhap-danh-sach";
import * as templateRoute from "~/routes/bao-cao.nhap-danh-sach.mau[.]xlsx";
import * as roundRoute from "~/routes/hoi-thi.$contestId.vong.$roundId";
import { readSheetBytes } from "~/utils/sheets.server";
import { dbTargets, useTestDatabase } from "../support/db";
import { args, cookieFor, formMessages, getRequest, payload, postRequest, settle, uploadRequest } from "../support/requests";

/** Sample files made with LibreOffice Calc (tests/fixtures/imports/make.sh). */
function fixture(name: string) {
  return readFileSync(new URL(`../fixtures/imports/${name}`, import.meta.url));
}

function upload(path: string, fields: Record<string, string>, name: string, cookie: string, body: BlobPart = fixture(name)) {
  return uploadRequest(path, fields, { name, body }, cookie);
}

const ROSTER_FILES = ["roster-calc.xlsx", "roster-windows-1258.csv", "roster-unicode.txt", "roster-semicolon.csv"];

for (const target of dbTargets()) {
  describe(`imports of files offices make on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    const db = () => handle.database.db;

    it("reads the same roster from Calc's xlsx, Windows-1258 CSV, Unicode text and semicolon CSV: phones, dates, case and spaces", async () => {
      const cookie = await cookieFor("u-donvi");
      // The sample files name cells 5 and 7: they must be donvi's (Đảng bộ Sở GD&ĐT, /1/2/).
      expect(
        rowsOf(await db().execute(sql`select id from unit where id in (5, 7) and path like '/1/2/%' and kind = 'chi_bo'`), z.object({ id: z.number() })),
      ).toHaveLength(2);
      const previews: { rows: string; counts: Record<string, number> }[] = [];
      for (const name of ROSTER_FILES) {
        const outcome = await settle(() => rosterRoute.action(args(upload("/bao-cao/nhap-danh-sach", { intent: "preview", unitId: "2" }, name, cookie))));
        expect(outcome.status, `${name}: ${JSON.stringify(payload(outcome.value))}`).toBe(200);
        previews.push(outcome.value as { rows: string; counts: Record<string, number> });
      }
      const rows = JSON.parse(previews[0]!.rows) as unknown[];
      expect(rows).toEqual([
        {
          line: 4,
          memberCode: "RF000001",
          familyName: "Trần",
          middleName: "Thị",
          givenName: "Bình",
          gender: "nu",
          birthYear: 1985,
          phone: "0987654321",
          cellId: 5,
          positions: ["bi_thu_chi_bo"],
        },
        {
          line: 5,
          memberCode: "RF000002",
          familyName: "Lê",
          middleName: "Văn",
          givenName: "Cường",
          gender: "nam",
          birthYear: 1979,
          phone: "0912345678",
          cellId: 5,
          positions: ["chi_uy_vien", "cap_uy_vien_co_so"],
        },
        {
          line: 6,
          memberCode: "RF000003",
          familyName: "Phạm",
          middleName: "Minh",
          givenName: "Đức",
          gender: "nam",
          birthYear: 1990,
          phone: "0915000003",
          cellId: 7,
          positions: ["dang_vien"],
        },
      ]);
      for (const [i, preview] of previews.entries()) expect(JSON.parse(preview.rows), ROSTER_FILES[i]).toEqual(rows);
      const commit = await settle(() =>
        rosterRoute.action(args(postRequest("/bao-cao/nhap-danh-sach", { intent: "commit", unitId: "2", rows: previews[0]!.rows }, cookie))),
      );
      expect(commit.status).toBe(302);
      // Every other shape of the same list now changes nothing.
      for (const name of ROSTER_FILES.slice(1)) {
        const again = await settle(() => rosterRoute.action(args(upload("/bao-cao/nhap-danh-sach", { intent: "preview", unitId: "2" }, name, cookie))));
        expect((again.value as { counts: Record<string, number> }).counts, name).toEqual({ moi: 0, "cap-nhat": 0, "chuyen-chi-bo": 0, "khong-doi": 3 });
      }
    });

    it("says why a file cannot be read and how to save it, instead of blaming the header", async () => {
      const cookie = await cookieFor("u-donvi");
      const renamed = await settle(() =>
        rosterRoute.action(args(upload("/bao-cao/nhap-danh-sach", { intent: "preview", unitId: "2" }, "ds.csv", cookie, fixture("roster-calc.xlsx")))),
      );
      expect(renamed.status).toBe(400);
      const errors = formMessages(renamed.value).join(" ");
      expect(errors).toContain("Không đọc được tệp CSV");
      expect(errors).toContain("CSV UTF-8");
      expect(errors).not.toContain("Không tìm thấy dòng tiêu đề");
      const old = await settle(() => rosterRoute.action(args(upload("/bao-cao/nhap-danh-sach", { intent: "preview", unitId: "2" }, "ds.xls", cookie, "x"))));
      expect(formMessages(old.value).join(" ")).toContain("Excel Workbook (.xlsx)");
    });

    it("offers a roster template whose member-code and phone columns are text", async () => {
      const response = (await templateRoute.loader(args(getRequest("/bao-cao/nhap-danh-sach/mau.xlsx", await cookieFor("u-donvi"))))) as Response;
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await response.arrayBuffer());
      const sheet = workbook.worksheets[0]!;
      expect(sheet.getColumn(2).numFmt).toBe("@");
      expect(sheet.getColumn(6).numFmt).toBe("@");
      expect(sheet.getColumn(5).numFmt).toBeUndefined();
    });

    it("records class attendance from Calc's xlsx and a Windows-1258 CSV with a title, lower case and spaces", async () => {
      const cookie = await cookieFor("u-donvi");
      const created = await settle(() =>
        classesRoute.action(
          args(
            postRequest(
              "/bao-cao/lop",
              {
                name: "Lớp thử tệp mẫu",
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
      const [cls] = rowsOf(await db().execute(sql`select id from training_class where name = 'Lớp thử tệp mẫu'`), z.object({ id: z.number() }));
      const attended = async () =>
        rowsOf(
          await db().execute(
            sql`select p.member_code as code from class_attendance ca join person p on p.id = ca.person_id where ca.class_id = ${cls!.id} order by 1`,
          ),
          z.object({ code: z.string() }),
        ).map((r) => r.code);
      for (const name of ["attendance-calc.xlsx", "attendance-windows-1258.csv"]) {
        await db().execute(sql`delete from class_attendance where class_id = ${cls!.id}`);
        const outcome = await settle(() =>
          classRoute.action(args(upload(`/bao-cao/lop/${cls!.id}`, { intent: "upload" }, name, cookie), { id: String(cls!.id) })),
        );
        expect(outcome.status, `${name}: ${JSON.stringify(payload(outcome.value))}`).toBe(302);
        expect(await attended(), name).toEqual(["QB000001", "QB000002"]);
      }
    });

    it("imports contest questions from Calc's xlsx (title row, spaced headers, a typed “sai” turned boolean) and its Windows-1258 CSV", async () => {
      const expected = [
        {
          code: "1",
          type: "single",
          correct: ["b"],
          options: [
            { id: "a", text: "Mỗi tuần" },
            { id: "b", text: "Mỗi tháng" },
            { id: "c", text: "Mỗi quý" },
          ],
          source: "Điều lệ Đảng, Điều 24",
        },
        { code: "2", type: "truefalse", correct: ["f"], stem: "Đảng viên dự bị có quyền biểu quyết.", source: "Điều lệ Đảng, Điều 5" },
      ];
      const csv = parseQuestionSheet(await readSheetBytes("cau-hoi.csv", new Uint8Array(fixture("questions-windows-1258.csv"))));
      expect(csv).toMatchObject({ ok: true, count: 2, errors: [], questions: expected });
      // Through the round page, as an organiser uploads it.
      const [created] = rowsOf(
        await db().execute(
          sql`insert into contest (name, level, unit_id, starts_on, ends_on, status, created_by) values ('Hội thi thử tệp mẫu', 'co_so', 2, '2026-11-01', '2026-11-30', 'registration', 'u-hoithi') returning id`,
        ),
        z.object({ id: z.number() }),
      );
      const [round] = rowsOf(
        await db().execute(
          sql`insert into contest_round (contest_id, position, kind, name, max_points, weight, time_limit_minutes) values (${created!.id}, 1, 'knowledge', 'Kiến thức', 100, 1, 20) returning id`,
        ),
        z.object({ id: z.number() }),
      );
      const params = { contestId: String(created!.id), roundId: String(round!.id) };
      const cookie = await cookieFor("u-hoithi");
      const outcome = await settle(() => roundRoute.action(args(upload("/", { intent: "import" }, "questions-calc.xlsx", cookie), params)));
      expect(outcome.status, JSON.stringify(payload(outcome.value))).toBe(302);
      const stored = rowsOf(
        await db().execute(sql`select code, type, correct from contest_question where round_id = ${round!.id} order by position`),
        z.object({ code: z.string(), type: z.string(), correct: z.array(z.string()) }),
      );
      expect(stored).toEqual(expected.map(({ code, type, correct }) => ({ code, type, correct })));
    });
  });
}
