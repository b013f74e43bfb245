import { z } from "zod";
import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import * as classRoute from "~/routes/bao-cao.lop.$id";
import * as classesRoute from "~/routes/bao-cao.lop._index";
import * as rosterRoute from "~/routes/bao-cao.nhap-danh-sach";
import * as exportRoute from "~/routes/bao-cao.xuat";
import * as contestantsRoute from "~/routes/hoi-thi.$contestId.thi-sinh";
import * as roundRoute from "~/routes/hoi-thi.$contestId.vong.$roundId";
import * as overrideRoute from "~/routes/kiem-tra.gia-han";
import { overridableQuizzes } from "~/quiz/overrides.server";
import { parseCsv } from "~/utils/csv";
import { dbTargets, useTestDatabase } from "../support/db";
import { args, cookieFor, getRequest, postRequest, settle } from "../support/requests";

const ROSTER_HEADERS = ["STT", "Mã đảng viên", "Họ và tên", "Giới tính", "Năm sinh", "Số điện thoại", "Mã chi bộ", "Tên chi bộ (tham khảo)", "Chức vụ"];
/** Just over the 2 MB limit of every upload, so the streamed read (not the Content-Length check) refuses it. */
const OVERSIZE = 2 * 1024 * 1024 + 1024;

function multipart(path: string, fields: Record<string, string>, file: { name: string; body: BlobPart }, cookie: string) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set("file", new File([file.body], file.name));
  return new Request(`http://localhost${path}`, { method: "POST", body: form, headers: { Cookie: cookie } });
}

/** The payload of a returned or thrown `data(...)`. */
function payload<T>(value: unknown): T {
  return ((value as { data?: unknown })?.data ?? value) as T;
}

function messages(value: unknown) {
  const body = payload<{ errors?: string[]; message?: string; error?: unknown }>(value);
  return JSON.stringify(body.errors ?? body.message ?? body.error ?? body);
}

for (const target of dbTargets()) {
  describe(`scope and size on bulk paths, CSV exports on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    const db = () => handle.database.db;

    /** An active person with its cell, inside (`/1/2/`, donvi's unit) or outside it. */
    async function personWhere(inside: boolean, skip = 0) {
      const [row] = rowsOf(
        await db()
          .execute(sql`select p.id, p.member_code as "memberCode", p.unit_id as "unitId", p.family_name as "familyName", p.middle_name as "middleName", p.given_name as "givenName"
          from person p join unit u on u.id = p.unit_id
          where p.active and u.kind = 'chi_bo' and (u.path like '/1/2/%') = ${inside}
          order by (p.member_code = 'QB004840') desc, p.id offset ${skip} limit 1`),
        z.object({ id: z.number(), memberCode: z.string(), unitId: z.number(), familyName: z.string(), middleName: z.string(), givenName: z.string() }),
      );
      return row!;
    }

    async function personState(id: number) {
      return rowsOf(
        await db().execute(sql`select p.unit_id, p.family_name, p.given_name, p.phone, p.updated_at::text,
            (select count(*)::int from person_membership m where m.person_id = p.id) as memberships,
            (select count(*)::int from person_position pp where pp.person_id = p.id) as positions
          from person p where p.id = ${id}`),
        z.object({}).passthrough(),
      );
    }

    async function cellsOfUnit2() {
      return rowsOf(
        await db().execute(sql`select id from unit where path like '/1/2/%' and kind = 'chi_bo' and closed_at is null order by id`),
        z.object({ id: z.number() }),
      ).map((r) => r.id);
    }

    it("roster import refuses a row whose person is outside the admin's unit, even into its own cell, and writes nothing", async () => {
      const cookie = await cookieFor("u-donvi");
      const stranger = await personWhere(false);
      const [cell] = await cellsOfUnit2();
      const before = await personState(stranger.id);
      const csv = [ROSTER_HEADERS.join(","), `1,${stranger.memberCode},Nguyễn Văn Mạo,Nam,1980,,${cell},,Đảng viên`].join("\r\n");
      const preview = await settle(() =>
        rosterRoute.action(args(multipart("/bao-cao/nhap-danh-sach", { intent: "preview", unitId: "2" }, { name: "ds.csv", body: csv }, cookie))),
      );
      expect(preview.status).toBe(400);
      expect(messages(preview.value)).toContain(`Dòng 2: đảng viên ${stranger.memberCode} đang sinh hoạt ở đơn vị ngoài phạm vi đồng chí quản lý`);
      // A forged commit (rows posted without a preview) is refused the same way.
      const forged = JSON.stringify([
        {
          line: 2,
          memberCode: stranger.memberCode,
          familyName: "Nguyễn",
          middleName: "Văn",
          givenName: "Mạo",
          gender: "nam",
          birthYear: 1980,
          phone: null,
          cellId: cell,
          positions: ["dang_vien"],
        },
      ]);
      const commit = await settle(() =>
        rosterRoute.action(args(postRequest("/bao-cao/nhap-danh-sach", { intent: "commit", unitId: "2", rows: forged }, cookie))),
      );
      expect(commit.status).toBe(400);
      expect(messages(commit.value)).toContain(`đảng viên ${stranger.memberCode} đang sinh hoạt ở đơn vị ngoài phạm vi`);
      expect(await personState(stranger.id)).toEqual(before);
    });

    it("roster import still moves and renames a person between two cells of the admin's own unit", async () => {
      const cookie = await cookieFor("u-donvi");
      const member = await personWhere(true);
      const other = (await cellsOfUnit2()).find((id) => id !== member.unitId)!;
      const csv = [ROSTER_HEADERS.join(","), `1,${member.memberCode},${member.familyName} ${member.middleName} Chuyển,Nam,1980,,${other},,Đảng viên`].join(
        "\r\n",
      );
      const preview = await settle(() =>
        rosterRoute.action(args(multipart("/bao-cao/nhap-danh-sach", { intent: "preview", unitId: "2" }, { name: "ds.csv", body: csv }, cookie))),
      );
      expect(preview.status).toBe(200);
      const plan = preview.value as { counts: Record<string, number>; rows: string };
      expect(plan.counts["chuyen-chi-bo"]).toBe(1);
      const commit = await settle(() =>
        rosterRoute.action(args(postRequest("/bao-cao/nhap-danh-sach", { intent: "commit", unitId: "2", rows: plan.rows }, cookie))),
      );
      expect(commit.status).toBe(302);
      const [after] = rowsOf(
        await db().execute(sql`select unit_id as "unitId", given_name as "givenName" from person where id = ${member.id}`),
        z.object({ unitId: z.number(), givenName: z.string() }),
      );
      expect(after).toEqual({ unitId: other, givenName: "Chuyển" });
    });

    it("roster import by a cell's admin neither gives nor ends a position held at the grassroots organisation above it", async () => {
      // A cell-level org_admin (a grant made for this test), under a grassroots organisation it does not manage.
      const [cell] = rowsOf(
        await db()
          .execute(sql`select u.id, (select g.id from unit g where u.path like g.path || '%' and g.kind in ('dang_bo_co_so', 'chi_bo_co_so') order by g.depth desc limit 1) as "grassrootsId"
          from unit u where u.kind = 'chi_bo' and u.closed_at is null and u.path like '/1/2/%' and exists (select 1 from person p where p.unit_id = u.id and p.active) order by u.id limit 1`),
        z.object({ id: z.number(), grassrootsId: z.number() }),
      );
      expect(cell!.grassrootsId).not.toBe(cell!.id);
      await db().execute(sql`insert into role_grant (user_id, role, unit_id) values ('u-giamkhao2', 'org_admin', ${cell!.id})`);
      const cookie = await cookieFor("u-giamkhao2");
      const [member] = rowsOf(
        await db().execute(sql`select id, member_code as "memberCode" from person where unit_id = ${cell!.id} and active order by id limit 1`),
        z.object({ id: z.number(), memberCode: z.string() }),
      );
      await db().execute(sql`update person_position set ended_on = current_date - 1 where person_id = ${member!.id} and ended_on is null`);
      await db().execute(
        sql`insert into person_position (person_id, position, unit_id, started_on) values (${member!.id}, 'cap_uy_vien_co_so', ${cell!.grassrootsId}, current_date)`,
      );
      const row = (positions: string) => [ROSTER_HEADERS.join(","), `1,${member!.memberCode},Trần Văn Cơ,Nam,1980,,${cell!.id},,"${positions}"`].join("\r\n");
      const upload = (csv: string) =>
        settle(() =>
          rosterRoute.action(
            args(multipart("/bao-cao/nhap-danh-sach", { intent: "preview", unitId: String(cell!.id) }, { name: "ds.csv", body: csv }, cookie)),
          ),
        );
      const refused = await upload(row("Bí thư chi bộ, Phó Bí thư cấp ủy cơ sở"));
      expect(refused.status).toBe(400);
      expect(messages(refused.value)).toContain('Dòng 2: chức vụ \\"Phó Bí thư cấp ủy cơ sở\\" thuộc tổ chức cơ sở đảng ngoài phạm vi đồng chí quản lý.');
      const preview = await upload(row("Bí thư chi bộ"));
      expect(preview.status).toBe(200);
      const commit = await settle(() =>
        rosterRoute.action(
          args(postRequest("/bao-cao/nhap-danh-sach", { intent: "commit", unitId: String(cell!.id), rows: (preview.value as { rows: string }).rows }, cookie)),
        ),
      );
      expect(commit.status).toBe(302);
      const open = rowsOf(
        await db().execute(
          sql`select position, unit_id as "unitId" from person_position where person_id = ${member!.id} and ended_on is null order by position`,
        ),
        z.object({ position: z.string(), unitId: z.number() }),
      );
      expect(open).toEqual([
        { position: "bi_thu_chi_bo", unitId: cell!.id },
        { position: "cap_uy_vien_co_so", unitId: cell!.grassrootsId },
      ]);
      await db().execute(sql`delete from role_grant where user_id = 'u-giamkhao2' and role = 'org_admin'`);
    });

    it("roster import refuses an oversize file with the Vietnamese 413 and writes nothing", async () => {
      const cookie = await cookieFor("u-donvi");
      const [before] = rowsOf(await db().execute(sql`select count(*)::int as n from person`), z.object({ n: z.number() }));
      const body = [ROSTER_HEADERS.join(","), `1,NZ000001,Lê Văn Lớn,Nam,1980,,${(await cellsOfUnit2())[0]},,Đảng viên`, "x".repeat(OVERSIZE)].join("\r\n");
      const outcome = await settle(() =>
        rosterRoute.action(args(multipart("/bao-cao/nhap-danh-sach", { intent: "preview", unitId: "2" }, { name: "ds.csv", body }, cookie))),
      );
      expect(outcome.status).toBe(413);
      expect(messages(outcome.value)).toContain("Tệp quá lớn: tối đa 2 MB.");
      const [after] = rowsOf(await db().execute(sql`select count(*)::int as n from person`), z.object({ n: z.number() }));
      expect(after).toEqual(before);
    });

    describe("class attendance", () => {
      async function donviClass() {
        const cookie = await cookieFor("u-donvi");
        const name = "Lớp tập huấn thử phạm vi";
        const [existing] = rowsOf(await db().execute(sql`select id from training_class where name = ${name}`), z.object({ id: z.number() }));
        if (existing) return { cookie, id: existing.id };
        const created = await settle(() =>
          classesRoute.action(
            args(
              postRequest(
                "/bao-cao/lop",
                { name, track: "B", unitId: "2", startsOn: "2026-10-01", endsOn: "2026-10-02", place: "Hội trường", lecturers: "Báo cáo viên" },
                cookie,
              ),
            ),
          ),
        );
        expect(created.status).toBe(302);
        const [row] = rowsOf(await db().execute(sql`select id from training_class where name = ${name}`), z.object({ id: z.number() }));
        return { cookie, id: row!.id };
      }

      async function attendance(classId: number) {
        return rowsOf(
          await db().execute(sql`select person_id as "personId" from class_attendance where class_id = ${classId} order by 1`),
          z.object({ personId: z.number() }),
        ).map((r) => r.personId);
      }

      it("refuses a checklist naming someone outside the class's unit, saving nothing, and saves an in-scope one", async () => {
        const { cookie, id } = await donviClass();
        const stranger = await personWhere(false);
        const member = await personWhere(true, 1);
        const path = `/bao-cao/lop/${id}`;
        const refused = await settle(() =>
          classRoute.action(
            args(postRequest(path, { intent: "checklist", shown: [String(member.id)], present: [String(member.id), String(stranger.id)] }, cookie), {
              id: String(id),
            }),
          ),
        );
        expect(refused.status).toBe(400);
        expect(messages(refused.value)).toContain(`không thuộc đơn vị tổ chức lớp (mã số ${stranger.id})`);
        expect(await attendance(id)).toEqual([]);
        // Unmarking an outsider is refused too (it could only come from a forged form).
        const unmark = await settle(() =>
          classRoute.action(args(postRequest(path, { intent: "checklist", shown: [String(stranger.id)] }, cookie), { id: String(id) })),
        );
        expect(unmark.status).toBe(400);
        const saved = await settle(() =>
          classRoute.action(
            args(postRequest(path, { intent: "checklist", shown: [String(member.id)], present: [String(member.id)] }, cookie), { id: String(id) }),
          ),
        );
        expect(saved.status).toBe(302);
        expect(await attendance(id)).toEqual([member.id]);
      });

      it("refuses an attendance file with a code outside the class's unit, naming it, and writes nothing", async () => {
        const { cookie, id } = await donviClass();
        const stranger = await personWhere(false);
        const member = await personWhere(true, 2);
        const before = await attendance(id);
        const csv = ["Mã đảng viên", member.memberCode, stranger.memberCode.toLowerCase()].join("\r\n");
        const refused = await settle(() =>
          classRoute.action(args(multipart(`/bao-cao/lop/${id}`, { intent: "upload" }, { name: "dd.csv", body: csv }, cookie), { id: String(id) })),
        );
        expect(refused.status).toBe(400);
        expect(messages(refused.value)).toContain(`trong đơn vị tổ chức lớp: ${stranger.memberCode}.`);
        expect(await attendance(id)).toEqual(before);
        const good = await settle(() =>
          classRoute.action(
            args(
              multipart(
                `/bao-cao/lop/${id}`,
                { intent: "upload" },
                { name: "dd.csv", body: ["Mã đảng viên", member.memberCode.toLowerCase()].join("\r\n") },
                cookie,
              ),
              { id: String(id) },
            ),
          ),
        );
        expect(good.status).toBe(302);
        expect(await attendance(id)).toContain(member.id);
      });

      it("refuses an oversize attendance file with the Vietnamese 413", async () => {
        const { cookie, id } = await donviClass();
        const before = await attendance(id);
        const member = await personWhere(true, 3);
        const body = ["Mã đảng viên", member.memberCode, "x".repeat(OVERSIZE)].join("\r\n");
        const outcome = await settle(() =>
          classRoute.action(args(multipart(`/bao-cao/lop/${id}`, { intent: "upload" }, { name: "dd.csv", body }, cookie), { id: String(id) })),
        );
        expect(outcome.status).toBe(413);
        expect(messages(outcome.value)).toContain("Tệp quá lớn: tối đa 2 MB.");
        expect(await attendance(id)).toEqual(before);
      });
    });

    describe("contest", () => {
      /** A grassroots contest of donvi's unit, in registration, with a pending knowledge round. */
      async function unitContest() {
        const name = "Hội thi thử phạm vi";
        const [existing] = rowsOf(
          await db().execute(sql`select c.id, r.id as "roundId" from contest c join contest_round r on r.contest_id = c.id where c.name = ${name}`),
          z.object({ id: z.number(), roundId: z.number() }),
        );
        if (existing) return existing;
        const [created] = rowsOf(
          await db().execute(sql`insert into contest (name, level, unit_id, starts_on, ends_on, rules, prizes, status, created_by)
            values (${name}, 'co_so', 2, '2026-11-01', '2026-11-30', '', '[]'::jsonb, 'registration', 'u-hoithi') returning id`),
          z.object({ id: z.number() }),
        );
        const [round] = rowsOf(
          await db().execute(sql`insert into contest_round (contest_id, position, kind, name, max_points, weight, time_limit_minutes)
            values (${created!.id}, 1, 'knowledge', 'Kiến thức', 100, 1, 20) returning id`),
          z.object({ id: z.number() }),
        );
        return { id: created!.id, roundId: round!.id };
      }

      async function contestants(contestId: number) {
        return rowsOf(
          await db().execute(
            sql`select p.member_code as code from contest_contestant c join person p on p.id = c.person_id where c.contest_id = ${contestId} order by 1`,
          ),
          z.object({ code: z.string() }),
        ).map((r) => r.code);
      }

      it("registration refuses codes outside the contest's unit and of members no longer active, naming them, and registers the rest", async () => {
        const contest = await unitContest();
        const cookie = await cookieFor("u-hoithi");
        const stranger = await personWhere(false);
        const member = await personWhere(true, 4);
        const leaver = await personWhere(true, 5);
        await db().execute(sql`update person set active = false where id = ${leaver.id}`);
        const path = `/hoi-thi/${contest.id}/thi-sinh`;
        const refused = await settle(() =>
          contestantsRoute.action(
            args(postRequest(path, { intent: "register", codes: `${stranger.memberCode}\n${leaver.memberCode}` }, cookie), { contestId: String(contest.id) }),
          ),
        );
        expect(refused.status).toBe(400);
        expect(messages(refused.value)).toContain(`Không tìm thấy trong phạm vi hội thi: ${stranger.memberCode}.`);
        expect(messages(refused.value)).toContain(`Không còn sinh hoạt đảng, không đăng ký được: ${leaver.memberCode}.`);
        expect(await contestants(contest.id)).toEqual([]);
        const added = await settle(() =>
          contestantsRoute.action(
            args(postRequest(path, { intent: "register", codes: `${member.memberCode.toLowerCase()}, ${stranger.memberCode}` }, cookie), {
              contestId: String(contest.id),
            }),
          ),
        );
        expect(added.status).toBe(302);
        expect(await contestants(contest.id)).toEqual([member.memberCode]);
        await db().execute(sql`update person set active = true where id = ${leaver.id}`);
      });

      it("question import refuses an oversize file with the Vietnamese 413 and a round of another contest with a 404", async () => {
        const contest = await unitContest();
        const cookie = await cookieFor("u-hoithi");
        const count = async (roundId: number) =>
          rowsOf(await db().execute(sql`select count(*)::int as n from contest_question where round_id = ${roundId}`), z.object({ n: z.number() }))[0]!.n;
        const yaml = `- id: PV-001\n  type: truefalse\n  stem: "Chi bộ sinh hoạt thường kỳ mỗi tháng một lần."\n  options: [{ id: t, text: Đúng }, { id: f, text: Sai }]\n  correct: [t]\n`;
        const params = { contestId: String(contest.id), roundId: String(contest.roundId) };
        const big = await settle(() =>
          roundRoute.action(args(multipart("/", { intent: "import" }, { name: "cau-hoi.yaml", body: yaml + "#".repeat(OVERSIZE) }, cookie), params)),
        );
        expect(big.status).toBe(413);
        expect(messages(big.value)).toContain("Tệp quá lớn: tối đa 2 MB.");
        expect(await count(contest.roundId)).toBe(0);
        // A round of another contest cannot be reached through this contest.
        const [foreign] = rowsOf(
          await db().execute(sql`select id from contest_round where contest_id <> ${contest.id} order by id limit 1`),
          z.object({ id: z.number() }),
        );
        const crossed = await settle(() =>
          roundRoute.action(
            args(multipart("/", { intent: "import" }, { name: "cau-hoi.yaml", body: yaml }, cookie), { ...params, roundId: String(foreign!.id) }),
          ),
        );
        expect(crossed.status).toBe(404);
        const good = await settle(() => roundRoute.action(args(multipart("/", { intent: "import" }, { name: "cau-hoi.yaml", body: yaml }, cookie), params)));
        expect(good.status).toBe(302);
        expect(await count(contest.roundId)).toBe(1);
      });
    });

    it("extra time is refused for a learner outside the admin's unit and granted inside it", async () => {
      const cookie = await cookieFor("u-donvi");
      const learners = async (inside: boolean) =>
        rowsOf(
          await db().execute(sql`select usr.username, usr.id from "user" usr join person p on p.id = usr.person_id join unit u on u.id = p.unit_id
            where usr.username like 'hv%' and (u.path like '/1/2/%') = ${inside} order by usr.username limit 1`),
          z.object({ username: z.string(), id: z.string() }),
        )[0];
      const overrides = async (userId: string) =>
        rowsOf(await db().execute(sql`select count(*)::int as n from quiz_override where user_id = ${userId}`), z.object({ n: z.number() }))[0]!.n;
      const [quiz] = overridableQuizzes();
      const outside = (await learners(false))!;
      const refused = await settle(() =>
        overrideRoute.action(
          args(
            postRequest(
              "/kiem-tra/gia-han",
              { learner: outside.username, quizKey: quiz!.value, extraMinutes: "10", extraAttempts: "0", reason: "Mất điện giữa giờ" },
              cookie,
            ),
          ),
        ),
      );
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.value)).toContain("Không tìm thấy học viên này trong phạm vi đồng chí quản lý.");
      expect(await overrides(outside.id)).toBe(0);
      const inside = await learners(true);
      if (inside) {
        const granted = await settle(() =>
          overrideRoute.action(
            args(
              postRequest(
                "/kiem-tra/gia-han",
                { learner: inside.username, quizKey: quiz!.value, extraMinutes: "10", extraAttempts: "0", reason: "Mất điện giữa giờ" },
                cookie,
              ),
            ),
          ),
        );
        expect(granted.status).toBe(302);
        expect(await overrides(inside.id)).toBe(1);
      }
    });

    it("exports a roster name that looks like a formula as text: quoted in CSV, a plain string in xlsx", async () => {
      const cookie = await cookieFor("u-bantochuc");
      const url = (format: string) => `/bao-cao/xuat?bang=danh-sach&dinh-dang=${format}`;
      const read = async (format: string) => (await exportRoute.loader(args(getRequest(url(format), cookie)))) as Response;
      const first = parseCsv(await (await read("csv")).text());
      const codeAt = first[0]!.indexOf("Mã đảng viên");
      const code = first[1]![codeAt]!;
      const evil = '=HYPERLINK("http://evil.example","Bấm vào đây")';
      await db().execute(sql`update person set family_name = ${evil}, middle_name = '', given_name = 'An' where member_code = ${code}`);
      const csv = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await (await read("csv")).arrayBuffer());
      expect(csv.startsWith("\uFEFF")).toBe(true);
      expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""Bấm vào đây"") An"`);
      const row = parseCsv(csv).find((r) => r[codeAt] === code)!;
      expect(row[1]).toBe(`'${evil} An`);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await (await read("xlsx")).arrayBuffer());
      const cells: ExcelJS.CellValue[] = [];
      workbook.worksheets[0]!.eachRow((r) => r.eachCell((c) => cells.push(c.value)));
      expect(cells).toContain(`${evil} An`);
      expect(cells.some((v) => typeof v === "object" && v !== null && "formula" in v)).toBe(false);
    });
  });
}
