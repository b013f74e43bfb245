import { z } from "zod";
import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { rebuildMeetingFigures } from "~/meetings/figures-rollup.server";
import { describeAudit } from "~/org/audit-labels";
import * as dashboardRoute from "~/routes/sinh-hoat.bao-cao._index";
import * as pageRoute from "~/routes/sinh-hoat.danh-gia-nam";
import * as templateRoute from "~/routes/sinh-hoat.danh-gia-nam.mau[.]xlsx";
import { readFlash } from "~/utils/flash.server";
import { dbTargets, useTestDatabase } from "../support/db";
import { args, cookieFor, formMessages, getRequest, postRequest, settle } from "../support/requests";
import { fingerprint } from "../support/routes";

type Page = Awaited<ReturnType<typeof pageRoute.loader>>;
type Dashboard = Awaited<ReturnType<typeof dashboardRoute.loader>>;

/** Sample files made with LibreOffice Calc (tests/fixtures/imports/make.sh). */
function fixture(name: string) {
  return readFileSync(new URL(`../fixtures/imports/${name}`, import.meta.url));
}

function upload(name: string, cookie: string, body: BlobPart = fixture(name), query = "") {
  const form = new FormData();
  form.set("intent", "import");
  form.set("file", new File([body], name));
  return new Request(`http://localhost/sinh-hoat/danh-gia-nam${query}`, { method: "POST", body: form, headers: { Cookie: cookie } });
}

/** The message a redirect leaves for the next page. */
async function flashOf(response: unknown) {
  const cookie = (response as Response).headers.get("set-cookie")!.split(";")[0]!;
  return (await readFlash(new Request("http://localhost/", { headers: { Cookie: cookie } }))).message;
}

/** What the sample files hold (source/annual-ratings.csv): three cell ratings and five members', 2022–2023, in donvi's đảng bộ. */
const EXPECTED = [
  "cell 5 2022 hoan_thanh",
  "cell 5 2023 tot",
  "cell 7 2023 xuat_sac",
  "person QB000001 2023 xuat_sac",
  "person QB000002 2023 tot",
  "person QB000003 2022 khong_hoan_thanh",
  "person QB000021 2023 hoan_thanh",
  "person QB000022 2022 khong_hoan_thanh",
];

/**
 * Annual ratings of cells and members (issue 15, 001 §II.1.2(5)) through their page: import of the
 * files offices make (issue 20), all or nothing within the actor's scope, idempotent, audited by
 * hand and by file, and the dashboard's annual targets moving with them.
 */
for (const target of dbTargets()) {
  describe(`annual ratings on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    const db = () => handle.database.db;

    async function stored(years: number[]) {
      const rows = rowsOf(
        await db()
          .execute(sql`select case when r.cell_id is not null then 'cell ' || r.cell_id else 'person ' || p.member_code end || ' ' || r.year || ' ' || r.rating as s
          from annual_rating r left join person p on p.id = r.person_id where r.year in ${years} order by 1`),
        z.object({ s: z.string() }),
      );
      return rows.map((r) => r.s);
    }

    async function annual(year: number, cookie: string, unitId = 2) {
      const page = (await dashboardRoute.loader(args(getRequest(`/sinh-hoat/bao-cao?ky=${year}&don-vi=${unitId}`, cookie)))) as Dashboard;
      const pick = (key: string) => page.targets.find((t) => t.key === key)!;
      return {
        cells: [pick("annualCells").numerator, pick("annualCells").denominator],
        members: [pick("annualMembers").numerator, pick("annualMembers").denominator],
      };
    }

    it("the demo has last years' ratings, and the page shows them by default", async () => {
      const cookie = await cookieFor("u-donvi");
      const page = (await pageRoute.loader(args(getRequest("/sinh-hoat/danh-gia-nam", cookie)))) as Page;
      expect(page.year).toBe(new Date().getFullYear() - 1);
      expect(page.unit).toMatchObject({ id: 2 });
      expect(page.editable).toBe(true);
      expect(page.cells.total).toBe(15);
      expect(page.cells.rows.filter((c) => c.rating).length).toBeGreaterThan(0);
      expect(page.targets.map((t) => t.key)).toEqual(["annualCells", "annualMembers"]);
      expect(page.targets[0]!.denominator).toBe(page.cells.rows.filter((c) => c.rating).length);
      // A year before the demo's has nothing yet: the fixtures' years.
      expect(await stored([2022, 2023])).toEqual([]);
    });

    it("imports Calc's xlsx and its Windows-1258 CSV alike; importing again writes nothing; the dashboard's figures move", async () => {
      const cookie = await cookieFor("u-donvi");
      expect(await annual(2023, cookie)).toEqual({ cells: [0, 0], members: [0, 0] });
      const first = await settle(() => pageRoute.action(args(upload("annual-ratings-calc.xlsx", cookie, undefined, "?don-vi=2"))));
      expect(first.status, JSON.stringify(first.value)).toBe(302);
      expect(first.location).toBe("/sinh-hoat/danh-gia-nam?don-vi=2&nam=2023");
      expect(await flashOf(first.value)).toBe(
        "Đã nhập xếp loại năm 2022, 2023. Chi bộ: 3 thêm mới, 0 thay đổi, 0 không đổi. Đảng viên: 5 thêm mới, 0 thay đổi, 0 không đổi.",
      );
      expect(await stored([2022, 2023])).toEqual(EXPECTED);
      expect(await annual(2023, cookie)).toEqual({ cells: [2, 2], members: [2, 3] });
      expect(await annual(2022, cookie)).toEqual({ cells: [0, 1], members: [0, 2] });
      // The same file and its CSV shape again: nothing written at all.
      for (const name of ["annual-ratings-calc.xlsx", "annual-ratings-windows-1258.csv"]) {
        const before = await fingerprint(handle.database);
        const again = await settle(() => pageRoute.action(args(upload(name, cookie))));
        expect(again.status, JSON.stringify(again.value)).toBe(302);
        expect(await flashOf(again.value), name).toBe(
          "Đã nhập xếp loại năm 2022, 2023. Chi bộ: 0 thêm mới, 0 thay đổi, 3 không đổi. Đảng viên: 0 thêm mới, 0 thay đổi, 5 không đổi.",
        );
        expect(await fingerprint(handle.database), name).toEqual(before);
      }
      // Each import's change is audited on the unit or the person.
      const audits = rowsOf(
        await db().execute(sql`select action, entity, before, after from audit_log where action = 'annual_rating.import' order by id`),
        z.object({ action: z.string(), entity: z.string(), before: z.unknown(), after: z.unknown() }),
      );
      expect(audits).toHaveLength(8);
      expect(audits[0]).toMatchObject({ entity: "unit", before: { rating: null }, after: { rating: expect.any(String) } });
      // The incremental roll-up equals one rebuilt from scratch.
      const incremental = [await annual(2023, cookie), await annual(2022, cookie)];
      await db().transaction((tx) => rebuildMeetingFigures(tx));
      expect([await annual(2023, cookie), await annual(2022, cookie)]).toEqual(incremental);
    });

    it("refuses the whole file when a row lies outside the actor's scope, naming the lines; nothing is written", async () => {
      const [outside] = rowsOf(
        await db().execute(sql`select u.id as cell, p.member_code as code from unit u join person p on p.unit_id = u.id
          where u.kind = 'chi_bo' and u.path not like '/1/2/%' order by u.id, p.id limit 1`),
        z.object({ cell: z.number(), code: z.string() }),
      );
      const csv = [
        "Năm,Mã chi bộ,Mã đảng viên,Xếp loại",
        "2021,5,,HTTNV",
        `2021,,${outside!.code},HTTNV`,
        `2021,${outside!.cell},,HTXSNV`,
        "2021,,QB999999,HTNV",
      ].join("\r\n");
      const cookie = await cookieFor("u-donvi");
      const before = await fingerprint(handle.database);
      const refused = await settle(() => pageRoute.action(args(upload("xep-loai.csv", cookie, csv))));
      expect(refused.status).toBe(400);
      expect(formMessages(refused.value)).toEqual([
        "Tệp có dòng không nhập được; chưa nhập gì. Sửa các dòng sau rồi tải lên lại:",
        `Dòng 3: không có đảng viên mã ${outside!.code} trong phạm vi đồng chí quản lý.`,
        `Dòng 4: không có chi bộ mã ${outside!.cell} trong phạm vi đồng chí quản lý.`,
        "Dòng 5: không có đảng viên mã QB999999 trong phạm vi đồng chí quản lý.",
      ]);
      expect(await fingerprint(handle.database)).toEqual(before);
      // Lines the file itself gets wrong are named before anything is looked up.
      const bad = ["Năm,Mã chi bộ,Mã đảng viên,Xếp loại", "1899,5,,HTTNV", "2021,,,Tốt", "2021,5,,Khá", "2021,abc,,HTNV"].join("\n");
      const parsed = await settle(() => pageRoute.action(args(upload("xep-loai.csv", cookie, bad))));
      expect(formMessages(parsed.value).slice(1)).toEqual([
        expect.stringMatching(/^Dòng 2: năm "1899" không hợp lệ/),
        expect.stringMatching(/^Dòng 3: thiếu mã chi bộ \(dòng của chi bộ\)/),
        expect.stringMatching(/^Dòng 4: xếp loại "Khá" không hợp lệ/),
        expect.stringMatching(/^Dòng 5: mã chi bộ "abc" không hợp lệ/),
      ]);
      expect(await fingerprint(handle.database)).toEqual(before);
    });

    it("reads what offices type: a code of digits that lost its zeros, years as text, UTF-16 and BOM CSV, title rows, headers in any case", async () => {
      await db().execute(sql`insert into person (member_code, family_name, middle_name, given_name, sort_key, unit_id)
        values ('00012345', 'Hồ', 'Thị', 'Xuân', 'xuan ho thi', 5)`);
      const cookie = await cookieFor("u-donvi");
      const files: [string, BlobPart][] = [
        // Excel's "Unicode text": UTF-16 with BOM, tabs; a title row above the header.
        [
          "xep-loai.txt",
          new Uint8Array([
            0xff,
            0xfe,
            ...new Uint8Array(
              new Uint16Array([..."DANH SÁCH\r\n\r\nnăm\tMÃ ĐẢNG VIÊN\txếp loại\r\n2020\t12345\tHoàn thành tốt nhiệm vụ\r\n"].map((c) => c.charCodeAt(0)))
                .buffer,
            ),
          ]),
        ],
        // CSV UTF-8 with BOM and semicolons, the year as "Năm 2020", the code as a number read back with its decimals.
        ["xep-loai.csv", `\uFEFFNăm;Mã đảng viên;Xếp loại\r\nNăm 2020;12345.0;  httnv \r\n;;\r\n`],
      ];
      for (const [name, body] of files) {
        await db().execute(sql`delete from annual_rating where year = 2020`);
        const outcome = await settle(() => pageRoute.action(args(upload(name, cookie, body))));
        expect(outcome.status, `${name}: ${JSON.stringify(outcome.value)}`).toBe(302);
        expect(await stored([2020]), name).toEqual(["person 00012345 2020 tot"]);
      }
    });

    it("sets, changes and clears ratings by hand: audited, the dashboard moves, outside the scope nothing is saved", async () => {
      const cookie = await cookieFor("u-donvi");
      const save = (form: Record<string, string>) =>
        settle(() => pageRoute.action(args(postRequest("/sinh-hoat/danh-gia-nam?nam=2023&don-vi=2", form, cookie))));
      const before2023 = await annual(2023, cookie);
      const changed = await save({
        intent: "cells",
        year: "2023",
        "ratings[0].id": "5",
        "ratings[0].rating": "khong_hoan_thanh",
        "ratings[1].id": "7",
        "ratings[1].rating": "xuat_sac",
      });
      expect(changed.status).toBe(302);
      expect(changed.location).toBe("/sinh-hoat/danh-gia-nam?nam=2023&don-vi=2");
      expect(await flashOf(changed.value)).toBe("Đã lưu xếp loại năm 2023 của 1 chi bộ.");
      const [row] = rowsOf(
        await db().execute(sql`select rating, source, recorded_by as "recordedBy" from annual_rating where cell_id = 5 and year = 2023`),
        z.object({ rating: z.string(), source: z.string(), recordedBy: z.string() }),
      );
      expect(row).toEqual({ rating: "khong_hoan_thanh", source: "manual", recordedBy: "u-donvi" });
      const [audit] = rowsOf(
        await db().execute(sql`select action, entity, entity_id as "entityId", before, after, actor_id as "actorId" from audit_log order by id desc limit 1`),
        z.object({ action: z.string(), entity: z.string(), entityId: z.string(), before: z.unknown(), after: z.unknown(), actorId: z.string() }),
      );
      expect(audit).toMatchObject({ action: "annual_rating.set", entity: "unit", entityId: "5", actorId: "u-donvi" });
      expect(describeAudit({ action: audit!.action, before: audit!.before, after: audit!.after })).toBe(
        "năm 2023: Hoàn thành tốt nhiệm vụ → Không hoàn thành nhiệm vụ",
      );
      expect(await annual(2023, cookie)).toEqual({ ...before2023, cells: [before2023.cells[0]! - 1, before2023.cells[1]!] });

      // Members of cell 5: listed in name order; one cleared.
      const page = (await pageRoute.loader(args(getRequest("/sinh-hoat/danh-gia-nam?nam=2023&don-vi=2&chi-bo=5", cookie)))) as Page;
      const order = rowsOf(
        await db().execute(sql`select id from person where unit_id = 5 and active order by sort_key collate "C", id`),
        z.object({ id: z.number() }),
      ).map((r) => r.id);
      expect(page.chosen!.members.map((m) => m.id)).toEqual(order);
      const rated = page.chosen!.members.find((m) => m.memberCode === "QB000001")!;
      expect(rated.rating).toBe("xuat_sac");
      const cleared = await save({ intent: "members", year: "2023", "ratings[0].id": String(rated.id), "ratings[0].rating": "" });
      expect(cleared.status).toBe(302);
      expect(await stored([2023])).not.toContain("person QB000001 2023 xuat_sac");
      expect(await annual(2023, cookie)).toMatchObject({ members: [before2023.members[0]! - 1, before2023.members[1]! - 1] });

      // A member outside donvi's đảng bộ in the form: refused (400, on the form), nothing written.
      const [outside] = rowsOf(
        await db().execute(sql`select p.id from person p join unit u on u.id = p.unit_id where u.path not like '/1/2/%' limit 1`),
        z.object({ id: z.number() }),
      );
      const fp = await fingerprint(handle.database);
      const refused = await save({
        intent: "members",
        year: "2023",
        "ratings[0].id": String(order[1]),
        "ratings[0].rating": "tot",
        "ratings[1].id": String(outside!.id),
        "ratings[1].rating": "tot",
      });
      expect(refused.status).toBe(400);
      expect(formMessages(refused.value)).toEqual(["Có đảng viên không thuộc phạm vi đồng chí quản lý; chưa lưu gì."]);
      expect(await fingerprint(handle.database)).toEqual(fp);
      // A cell of another đảng bộ by URL: 404; a future year or a bad rating: 400.
      expect((await settle(() => pageRoute.loader(args(getRequest(`/sinh-hoat/danh-gia-nam?don-vi=2&chi-bo=${outside!.id}`, cookie))))).status).toBe(404);
      expect((await save({ intent: "cells", year: String(new Date().getFullYear() + 1), "ratings[0].id": "5", "ratings[0].rating": "tot" })).status).toBe(400);
      expect((await save({ intent: "cells", year: "2023", "ratings[0].id": "5", "ratings[0].rating": "kha" })).status).toBe(400);
    });

    it("a cell's bí thư reads the ratings of the cell and its members, nothing else, and cannot change them", async () => {
      const cookie = await cookieFor("u-hocvien");
      const [own] = rowsOf(
        await db().execute(sql`select unit_id as id from person where id = (select person_id from "user" where id = 'u-hocvien')`),
        z.object({ id: z.number() }),
      );
      const page = (await pageRoute.loader(args(getRequest("/sinh-hoat/danh-gia-nam", cookie)))) as Page;
      expect(page.editable).toBe(false);
      expect(page.cells.rows.map((c) => c.id)).toEqual([own!.id]);
      expect(page.chosen!.cell.id).toBe(own!.id);
      expect(page.chosen!.members.length).toBeGreaterThan(0);
      expect((await settle(() => pageRoute.loader(args(getRequest("/sinh-hoat/danh-gia-nam?chi-bo=5", cookie))))).status).toBe(403);
      const post = await settle(() =>
        pageRoute.action(
          args(postRequest("/sinh-hoat/danh-gia-nam", { intent: "cells", year: "2023", "ratings[0].id": String(own!.id), "ratings[0].rating": "tot" }, cookie)),
        ),
      );
      expect(post.status).toBe(403);
    });

    it("offers a template: code columns as text, the unit's cells with the units above, the allowed ratings; filled in, it imports", async () => {
      const cookie = await cookieFor("u-donvi");
      const response = (await templateRoute.loader(args(getRequest("/sinh-hoat/danh-gia-nam/mau.xlsx", cookie)))) as Response;
      expect(response.headers.get("content-disposition")).toBe('attachment; filename="mau-xep-loai-hang-nam-dv2.xlsx"');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await response.arrayBuffer());
      expect(workbook.worksheets.map((s) => s.name)).toEqual(["Xếp loại", "Mã chi bộ", "Mức xếp loại"]);
      const sheet = workbook.worksheets[0]!;
      expect([1, 2, 3, 4, 5, 6].map((c) => sheet.getColumn(c).numFmt ?? null)).toEqual([null, null, "@", "@", null, null]);
      const codes = workbook.getWorksheet("Mã chi bộ")!;
      expect(codes.rowCount).toBe(16);
      const listed: unknown[][] = [];
      codes.eachRow((r) => listed.push((r.values as unknown[]).slice(1)));
      expect(listed).toContainEqual([5, "Chi bộ Văn phòng", expect.stringContaining("Đảng bộ Sở Giáo dục và Đào tạo")]);
      const guide: string[] = [];
      workbook.getWorksheet("Mức xếp loại")!.eachRow((r) => guide.push(String(r.getCell(1).value)));
      expect(guide.slice(1, 5)).toEqual(["Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ", "Không hoàn thành nhiệm vụ"]);
      // Filled in as an office would, and uploaded.
      sheet.addRow([1, 2019, "7", "", "Chi bộ Phòng Kế hoạch - Tài chính", "HTTNV"]);
      const filled = await workbook.xlsx.writeBuffer();
      const outcome = await settle(() => pageRoute.action(args(upload("mau.xlsx", cookie, new Uint8Array(filled as ArrayBuffer)))));
      expect(outcome.status, JSON.stringify(outcome.value)).toBe(302);
      expect(await stored([2019])).toEqual(["cell 7 2019 tot"]);
      // Another unit's template: refused.
      expect((await settle(() => templateRoute.loader(args(getRequest("/sinh-hoat/danh-gia-nam/mau.xlsx?don-vi=1", cookie))))).status).toBe(403);
    });
  });
}
