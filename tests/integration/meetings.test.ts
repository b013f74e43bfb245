import { z } from "zod";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { auditLog, meeting, meetingAttendance, resolutionTask, roleGrant, user, visitAssignment } from "#db/schema";
import { localDate } from "~/utils/dates";
import { expectedDate } from "~/meetings/rules";
import * as homeRoute from "~/routes/sinh-hoat._index";
import * as registerRoute from "~/routes/sinh-hoat.chi-bo.$cellId._index";
import * as recordRoute from "~/routes/sinh-hoat.chi-bo.$cellId.bien-ban";
import * as attendeeRoute from "~/routes/sinh-hoat.du-sinh-hoat._index";
import * as visitRoute from "~/routes/sinh-hoat.du-sinh-hoat.$cellId";
import * as assignRoute from "~/routes/sinh-hoat.phan-cong";
import { dbTargets, useTestDatabase } from "../support/db";
import { expectMeetingFiguresEqualToRebuild } from "../support/meetings-rollup";
import { args, cookieFor, getRequest, postRequest, settle } from "../support/requests";

type Loaded<T extends (...a: never[]) => unknown> = Awaited<ReturnType<T>>;

for (const target of dbTargets()) {
  describe(`meetings on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    const db = () => handle.database.db;
    const today = localDate(new Date());

    async function q<Row extends z.AnyZodObject>(query: ReturnType<typeof sql>, row: Row) {
      return rowsOf(await db().execute(query), row);
    }
    async function grantUnit(userId: string) {
      const [row] = await q(sql`select unit_id as "unitId" from role_grant where user_id = ${userId} order by id limit 1`, z.object({ unitId: z.number() }));
      return row!.unitId;
    }
    /** The demo cell (bithu's), its meeting expected this month, and the attendee's name. */
    async function demo() {
      const cellId = await grantUnit("u-bithu");
      const [s] = await q(sql`select day_of_month as day from meeting_schedule where cell_id = ${cellId}`, z.object({ day: z.number() }));
      const date = expectedDate(Number(today.slice(0, 4)), Number(today.slice(5, 7)), s!.day);
      const [a] = await q(
        sql`select concat_ws(' ', p.family_name, nullif(p.middle_name, ''), p.given_name) as name, p.id as "personId" from "user" u join person p on p.id = u.person_id where u.id = 'u-capuy'`,
        z.object({ name: z.string(), personId: z.number() }),
      );
      const [unassigned] = await q(
        sql`select id from unit where kind = 'chi_bo' and id not in (select cell_id from visit_assignment where attendee_person_id = ${a!.personId}) order by id limit 1`,
        z.object({ id: z.number() }),
      );
      return {
        cellId,
        date,
        attendeeName: a!.name,
        attendeePersonId: a!.personId,
        otherCellId: await grantUnit("u-hocvien"),
        unassignedCellId: unassigned!.id,
      };
    }
    async function load<T>(route: { loader: (a: ReturnType<typeof args>) => Promise<T> }, path: string, userId: string, params: Record<string, string> = {}) {
      return settle(async () => route.loader(args(getRequest(path, await cookieFor(userId)), params)));
    }
    async function post<T>(
      route: { action: (a: ReturnType<typeof args>) => Promise<T> },
      path: string,
      userId: string,
      form: Record<string, string | string[]>,
      params: Record<string, string> = {},
    ) {
      return settle(async () => route.action(args(postRequest(path, form, await cookieFor(userId)), params)));
    }
    async function recordForm(cellId: number, date: string, userId = "u-bithu") {
      const page = await load(recordRoute, `/sinh-hoat/chi-bo/${cellId}/bien-ban?ngay=${date}&loai=thuong_ky`, userId, { cellId: String(cellId) });
      const record = (page.value as Loaded<typeof recordRoute.loader>).record!;
      const form: Record<string, string> = {
        intent: "record",
        heldOn: date,
        summary: "Chi bộ đánh giá kết quả tháng và thống nhất nhiệm vụ tháng tới.",
        minutesAdopted: "on",
      };
      record.roll.forEach((r, i) => {
        form[`attendance[${i}].personId`] = String(r.personId);
        form[`attendance[${i}].status`] = i === 0 ? "excused" : "present";
        form[`attendance[${i}].reason`] = i === 0 ? "Đi công tác" : "";
      });
      form["tasks[0].task"] = "Hoàn thành báo cáo sơ kết công tác chuyên môn quý, gửi cấp ủy cơ sở";
      form["tasks[0].ownerPersonId"] = String(record.roll[1]!.personId);
      form["tasks[0].deadlineOn"] = date;
      form["tasks[1].task"] = "Tiếp tục thực hiện tốt nhiệm vụ";
      return { form, roll: record.roll };
    }
    function visitForm(intent: "save" | "file", rating = "tot", remarks = "Chi bộ chuẩn bị chu đáo.") {
      return {
        intent,
        situation: "Cơ quan ổn định.",
        conduct: "Đúng lịch.",
        discussed: "Phân công nhiệm vụ.",
        reportedUp: "Không.",
        assessment: "Sinh hoạt có chất lượng.",
        "points.attendance": "20",
        "points.preparation": "20",
        "points.conduct": "18",
        "points.principles": "17,5",
        "points.results": "20",
        rating,
        remarks,
      };
    }
    /** Everything every cell-facing loader gives the secretary, as one string. */
    async function cellSideData(cellId: number, date: string) {
      const pages = await Promise.all([
        load(homeRoute, "/sinh-hoat", "u-bithu"),
        load(registerRoute, `/sinh-hoat/chi-bo/${cellId}`, "u-bithu", { cellId: String(cellId) }),
        load(recordRoute, `/sinh-hoat/chi-bo/${cellId}/bien-ban?ngay=${date}&loai=thuong_ky`, "u-bithu", { cellId: String(cellId) }),
        load(recordRoute, `/sinh-hoat/chi-bo/${cellId}/bien-ban`, "u-bithu", { cellId: String(cellId) }),
      ]);
      for (const p of pages) expect(p.status).toBe(200);
      return {
        text: JSON.stringify(pages.map((p) => p.value)),
        register: pages[1]!.value as Loaded<typeof registerRoute.loader>,
        record: pages[2]!.value as Loaded<typeof recordRoute.loader>,
      };
    }

    it("seeds 18 months of meetings with attendance, visits, self-assessments and members heading for a fourth absence", async () => {
      const [c] = await q(
        sql`
        select (select count(*)::int from unit where kind in ('chi_bo', 'chi_bo_co_so')) as cells,
          (select count(distinct cell_id)::int from meeting where status = 'held') as "withMeetings",
          (select count(*)::int from meeting_attendance) as attendance,
          (select count(*)::int from visit where filed_at is not null) as filed,
          (select count(*)::int from meeting_self_assessment) as selfs,
          (select count(*)::int from (select person_id from (select person_id, status, row_number() over (partition by person_id order by held_on desc) rn from meeting_attendance) x where rn <= 3 group by person_id having bool_and(status <> 'present')) r) as "atRisk"`,
        z.object({ cells: z.number(), withMeetings: z.number(), attendance: z.number(), filed: z.number(), selfs: z.number(), atRisk: z.number() }),
      );
      expect(c!.withMeetings).toBe(c!.cells);
      expect(c!.attendance).toBeGreaterThan(50_000);
      expect(c!.filed).toBeGreaterThan(100);
      expect(c!.selfs).toBeGreaterThan(100);
      expect(c!.atRisk).toBeGreaterThanOrEqual(3);
      // The demo cell's register names its member absent from the last three meetings, and nobody else.
      const d = await demo();
      const [atRisk] = await q(sql`select id from person where unit_id = ${d.cellId} order by id offset 3 limit 1`, z.object({ id: z.number() }));
      const register = (await load(registerRoute, `/sinh-hoat/chi-bo/${d.cellId}`, "u-bithu", { cellId: String(d.cellId) })).value as Loaded<
        typeof registerRoute.loader
      >;
      expect(register.atRisk).toEqual([expect.objectContaining({ personId: atRisk!.id, absences: 3, unexcused: 1 })]);
    });

    it("keeps an assignment and an unfiled visit out of everything the cell's pages load; shows the rating once filed", async () => {
      const d = await demo();
      // The attendee comes unannounced and saves a draft before the cell has recorded the meeting.
      const visitPath = `/sinh-hoat/du-sinh-hoat/${d.cellId}?ngay=${d.date}&loai=thuong_ky`;
      // A draft may leave the rating open.
      const draft = await post(visitRoute, visitPath, "u-capuy", { ...visitForm("save"), rating: "" }, { cellId: String(d.cellId) });
      expect(draft.status).toBe(302);
      const [assignment] = await db()
        .select({ id: visitAssignment.id })
        .from(visitAssignment)
        .where(and(eq(visitAssignment.cellId, d.cellId), eq(visitAssignment.attendeePersonId, d.attendeePersonId)));
      expect(assignment).toBeTruthy();

      const before = await cellSideData(d.cellId, d.date);
      expect(before.text).not.toContain(d.attendeeName);
      expect(before.text).not.toContain("Chi bộ chuẩn bị chu đáo.");
      expect(before.text).not.toContain("Sinh hoạt có chất lượng.");
      const month = before.register.entries.find((e) => e.date === d.date)!;
      expect(month.meeting).toBeNull(); // the row the visit created stays unseen
      expect(before.record.record!.meeting).toBeNull();
      expect(before.record.record!.visits).toEqual([]);

      const filed = await post(visitRoute, visitPath, "u-capuy", visitForm("file"), { cellId: String(d.cellId) });
      expect(filed.status).toBe(302);
      const after = await cellSideData(d.cellId, d.date);
      expect(after.record.record!.visits).toEqual([expect.objectContaining({ attendee: d.attendeeName, rating: "tot", remarks: "Chi bộ chuẩn bị chu đáo." })]);
      expect(after.register.entries.find((e) => e.date === d.date)!.meeting!.visitRating).toBe("tot");
    });

    it("saves a meeting record idempotently, flags a vague task, and audits a score changed after filing", async () => {
      const d = await demo();
      const path = `/sinh-hoat/chi-bo/${d.cellId}/bien-ban?ngay=${d.date}&loai=thuong_ky`;
      const { form, roll } = await recordForm(d.cellId, d.date);
      for (let i = 0; i < 2; i++) expect((await post(recordRoute, path, "u-bithu", form, { cellId: String(d.cellId) })).status).toBe(302);
      const rows = await db()
        .select({ id: meeting.id, recordedBy: meeting.recordedBy })
        .from(meeting)
        .where(and(eq(meeting.cellId, d.cellId), eq(meeting.scheduledOn, d.date), eq(meeting.kind, "thuong_ky")));
      expect(rows).toHaveLength(1);
      expect(rows[0]!.recordedBy).toBe("u-bithu");
      expect(await db().$count(meetingAttendance, eq(meetingAttendance.meetingId, rows[0]!.id))).toBe(roll.length);
      expect(await db().$count(resolutionTask, eq(resolutionTask.meetingId, rows[0]!.id))).toBe(2);
      const page = (await load(recordRoute, path, "u-bithu", { cellId: String(d.cellId) })).value as Loaded<typeof recordRoute.loader>;
      expect(page.record!.recorded!.summary).toContain("thống nhất nhiệm vụ");
      expect(page.record!.roll[0]).toMatchObject({ status: "excused", reason: "Đi công tác" });
      expect(page.record!.taskProblems.map((t) => t.index)).toEqual([2]);

      const visitPath = `/sinh-hoat/du-sinh-hoat/${d.cellId}?ngay=${d.date}&loai=thuong_ky`;
      expect((await post(visitRoute, visitPath, "u-capuy", visitForm("file", "kha", "Cần cụ thể hơn."), { cellId: String(d.cellId) })).status).toBe(302);
      const changes = await db()
        .select({ before: auditLog.before, after: auditLog.after })
        .from(auditLog)
        .where(and(eq(auditLog.entity, "visit"), eq(auditLog.action, "visit.change")));
      expect(changes.at(-1)).toEqual({
        before: expect.objectContaining({ rating: "tot" }),
        after: expect.objectContaining({ rating: "kha", remarks: "Cần cụ thể hơn.", total: "95.5" }),
      });
      const visitPage = (await load(visitRoute, visitPath, "u-capuy", { cellId: String(d.cellId) })).value as Loaded<typeof visitRoute.loader>;
      expect(visitPage.audit.map((a) => a.action)).toContain("visit.change");
      // The record's saves and the score kept the dashboards' roll-up as a rebuild would make it (ADR 020).
      await expectMeetingFiguresEqualToRebuild(db(), "after saving the record and filing the score");
    });

    it("lets only the cell's officers and the Ban Tổ chức above it see or record its meetings", async () => {
      const d = await demo();
      const path = `/sinh-hoat/chi-bo/${d.otherCellId}/bien-ban?ngay=${d.date}&loai=thuong_ky`;
      const { form } = await recordForm(d.otherCellId, d.date, "u-bantochuc");
      expect((await post(recordRoute, path, "u-bithu", form, { cellId: String(d.otherCellId) })).status).toBe(403);
      expect((await load(registerRoute, `/sinh-hoat/chi-bo/${d.cellId}`, "u-hocvien", { cellId: String(d.cellId) })).status).toBe(403);
      expect((await load(registerRoute, `/sinh-hoat/chi-bo/${d.cellId}`, "u-donvi", { cellId: String(d.cellId) })).status).toBe(200);
      // An org_admin of another đảng bộ sees its own cells only.
      const [otherDangBo] = await q(
        sql`select id, path from unit where kind = 'dang_bo_co_so' and (select path from unit where id = ${d.cellId}) not like path || '%' order by id limit 1`,
        z.object({ id: z.number(), path: z.string() }),
      );
      await db().insert(user).values({ id: "u-other-admin", username: "other-admin", passwordHash: "x", displayName: "Ban Tổ chức khác" });
      await db().insert(roleGrant).values({ userId: "u-other-admin", role: "org_admin", unitId: otherDangBo!.id });
      expect((await load(registerRoute, `/sinh-hoat/chi-bo/${d.cellId}`, "u-other-admin", { cellId: String(d.cellId) })).status).toBe(403);
      const home = (await load(homeRoute, "/sinh-hoat?q=", "u-other-admin")).value as Loaded<typeof homeRoute.loader>;
      const paths = await q(sql`select id from unit where path like ${otherDangBo!.path + "%"}`, z.object({ id: z.number() }));
      expect(home.superior!.found.length).toBeGreaterThan(0);
      for (const c of home.superior!.found) expect(paths.map((p) => p.id)).toContain(c.id);
      // The attendee: only assigned cells, and only within the assignment's period.
      expect(
        (
          await load(visitRoute, `/sinh-hoat/du-sinh-hoat/${d.unassignedCellId}?ngay=${d.date}&loai=thuong_ky`, "u-capuy", {
            cellId: String(d.unassignedCellId),
          })
        ).status,
      ).toBe(403);
      expect(
        (await load(visitRoute, `/sinh-hoat/du-sinh-hoat/${d.cellId}?ngay=2001-01-05&loai=thuong_ky`, "u-capuy", { cellId: String(d.cellId) })).status,
      ).toBe(403);
      expect(
        (
          await post(visitRoute, `/sinh-hoat/du-sinh-hoat/${d.unassignedCellId}?ngay=${d.date}&loai=thuong_ky`, "u-capuy", visitForm("file"), {
            cellId: String(d.unassignedCellId),
          })
        ).status,
      ).toBe(403);
      // Assigning: only within the assigning unit's subtree, never to the attendee's own cell.
      const [outsider] = await q(
        sql`select p.member_code as code from person p join unit u on u.id = p.unit_id where u.path like ${otherDangBo!.path + "%"} limit 1`,
        z.object({ code: z.string() }),
      );
      const donviUnit = await grantUnit("u-donvi");
      const refused = await post(assignRoute, "/sinh-hoat/phan-cong", "u-donvi", {
        intent: "assign",
        assignedByUnitId: String(donviUnit),
        memberCode: outsider!.code,
        cellId: String(d.cellId),
        startsOn: today,
        endsOn: today,
      });
      expect(refused.status).toBe(400);
      expect(
        (
          await post(assignRoute, "/sinh-hoat/phan-cong", "u-donvi", {
            intent: "assign",
            assignedByUnitId: String(otherDangBo!.id),
            memberCode: outsider!.code,
            cellId: String(d.cellId),
            startsOn: today,
            endsOn: today,
          })
        ).status,
      ).toBe(403);
    });

    it("reports a postponement the attendee then sees, and refuses one for a recorded meeting", async () => {
      const d = await demo();
      const register = (await load(registerRoute, `/sinh-hoat/chi-bo/${d.cellId}`, "u-bithu", { cellId: String(d.cellId) })).value as Loaded<
        typeof registerRoute.loader
      >;
      const next = register.entries.filter((e) => e.expected && e.date > today).at(-1)!;
      const newDate = localDate(new Date(Date.parse(`${next.date}T00:00:00Z`) + 3 * 86_400_000));
      const ok = await post(
        registerRoute,
        `/sinh-hoat/chi-bo/${d.cellId}`,
        "u-bithu",
        { intent: "postpone", scheduledOn: next.date, reason: "Cơ quan tổ chức hội nghị đột xuất", postponedTo: newDate },
        { cellId: String(d.cellId) },
      );
      expect(ok.status).toBe(302);
      const overview = (await load(attendeeRoute, "/sinh-hoat/du-sinh-hoat", "u-capuy")).value as Loaded<typeof attendeeRoute.loader>;
      const cell = overview.cells.find((c) => c.cellId === d.cellId)!;
      expect(cell.meetings.find((m) => m.date === next.date)!.postponed).toMatchObject({ postponedTo: newDate, reason: "Cơ quan tổ chức hội nghị đột xuất" });
      const recorded = register.entries.find((e) => e.meeting?.recorded && e.meeting.status === "held")!;
      const refused = await post(
        registerRoute,
        `/sinh-hoat/chi-bo/${d.cellId}`,
        "u-bithu",
        { intent: "postpone", scheduledOn: recorded.date, reason: "Muộn", postponedTo: newDate },
        { cellId: String(d.cellId) },
      );
      expect(refused.status).toBe(400);
    });

    it("answers malformed input with a 4xx, never a 5xx", async () => {
      const d = await demo();
      const cell = { cellId: String(d.cellId) };
      const recordPath = `/sinh-hoat/chi-bo/${d.cellId}/bien-ban?ngay=${d.date}&loai=thuong_ky`;
      const visitPath = `/sinh-hoat/du-sinh-hoat/${d.cellId}?ngay=${d.date}&loai=thuong_ky`;
      const { form } = await recordForm(d.cellId, d.date);
      const outcomes = [
        await post(recordRoute, recordPath, "u-bithu", { ...form, heldOn: "2026-02-31" }, cell),
        await post(recordRoute, recordPath, "u-bithu", { ...form, heldOn: "2999-01-01" }, cell),
        await post(recordRoute, recordPath, "u-bithu", { ...form, "attendance[0].personId": "99999999999" }, cell),
        await post(recordRoute, recordPath, "u-bithu", { ...form, "attendance[0].personId": "2147483647" }, cell),
        await post(recordRoute, recordPath, "u-bithu", { ...form, "attendance[1].status": "maybe", summary: "a\u0000b" }, cell),
        await post(recordRoute, recordPath, "u-bithu", { ...form, "tasks[0].ownerPersonId": "-3", "tasks[0].deadlineOn": "31/12/2026" }, cell),
        await post(recordRoute, recordPath, "u-bithu", { intent: "record" }, cell),
        await post(recordRoute, recordPath, "u-bithu", { intent: "self", rating: "xuat_sac" }, cell),
        await post(recordRoute, `/sinh-hoat/chi-bo/${d.cellId}/bien-ban?ngay=2026-13-01`, "u-bithu", form, cell),
        await post(recordRoute, recordPath, "u-bithu", form, { cellId: "99999999999" }),
        await post(
          registerRoute,
          `/sinh-hoat/chi-bo/${d.cellId}`,
          "u-bithu",
          { intent: "schedule", dayOfMonth: "32", startsAt: "25:00", place: "", validFrom: "x" },
          cell,
        ),
        await post(
          registerRoute,
          `/sinh-hoat/chi-bo/${d.cellId}`,
          "u-bithu",
          { intent: "postpone", scheduledOn: d.date, reason: "x", postponedTo: "2000-01-01" },
          cell,
        ),
        await post(visitRoute, visitPath, "u-capuy", { ...visitForm("file"), "points.conduct": "abc", rating: "great" }, cell),
        await post(visitRoute, visitPath, "u-capuy", { ...visitForm("file"), "points.conduct": "25" }, cell),
        await post(visitRoute, visitPath, "u-capuy", { ...visitForm("file"), rating: "" }, cell),
        await post(visitRoute, `/sinh-hoat/du-sinh-hoat/${d.cellId}?ngay=0000-00-00`, "u-capuy", visitForm("file"), cell),
        await post(assignRoute, "/sinh-hoat/phan-cong", "u-donvi", {
          intent: "assign",
          assignedByUnitId: "abc",
          memberCode: "",
          cellId: "1e9",
          startsOn: today,
          endsOn: "2000-01-01",
        }),
        await post(assignRoute, "/sinh-hoat/phan-cong", "u-donvi", { intent: "end", assignmentId: "2147483648" }),
        await load(recordRoute, `/sinh-hoat/chi-bo/abc/bien-ban`, "u-bithu", { cellId: "abc" }),
      ];
      const json = await settle(async () =>
        recordRoute.action(
          args(
            new Request(`http://localhost${recordPath}`, {
              method: "POST",
              body: "{}",
              headers: { "Content-Type": "application/json", Cookie: await cookieFor("u-bithu") },
            }),
            cell,
          ),
        ),
      );
      for (const o of [...outcomes, json]) {
        expect(o.status).toBeGreaterThanOrEqual(400);
        expect(o.status).toBeLessThan(500);
      }
      expect(json.status).toBe(415);
    });
  });
}
