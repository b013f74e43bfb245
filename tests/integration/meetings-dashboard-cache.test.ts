import { z } from "zod";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { getKeptMeetingDashboard, readDashboardVersion } from "~/meetings/dashboard-cache.server";
import { getMeetingDashboard, type UnitRef } from "~/meetings/dashboard.server";
import { rebuildMeetingFigures, refreshCellMonth } from "~/meetings/figures-rollup.server";
import { saveRecord } from "~/meetings/record.server";
import { RecordSchema } from "~/meetings/schemas";
import { parsePeriod } from "~/meetings/targets";
import { closeUnit, moveUnit, renameUnit } from "~/org/unit-admin.server";
import { dbTargets, useTestDatabase } from "../support/db";
import { renamePerson } from "../support/people";

/**
 * The dashboard's kept pages (ADR 020) follow every kind of change that shows on them: after each
 * change, a kept page equals a page read afresh, and differs from the page before the change (so a
 * missed version bump fails here). A change that shows on no page keeps the page.
 */
const UnitRow = z.object({ id: z.number(), path: z.string(), parentId: z.number().nullable() });

for (const target of dbTargets()) {
  describe(`kept meetings dashboards on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    const db = () => handle.database.db;
    const PERIODS = ["2026", "2026-03", "2025-Q4"].map((p) => parsePeriod(p)!);

    async function unitRef(id: number): Promise<UnitRef> {
      const [row] = rowsOf(await db().execute(sql`select id, path, parent_id as "parentId" from unit where id = ${id}`), UnitRow);
      return { id: row!.id, path: row!.path, isCell: false };
    }

    /** The pages of the units (every period; the cells at risk's second page too), in one order. */
    async function read(units: number[], reader: typeof getMeetingDashboard) {
      const pages = [];
      for (const id of units) {
        const unit = await unitRef(id);
        for (const period of PERIODS) {
          for (const offset of [0, 20]) {
            pages.push({
              unit: id,
              period: period.start,
              offset,
              page: await reader({ unit, period, children: { limit: 50, offset: 0 }, atRisk: { limit: 20, offset } }),
            });
          }
        }
      }
      return pages;
    }

    /** A cell at risk with members at risk, its đảng bộ cơ sở and the bloc (the watched pages). */
    async function subject() {
      const [row] = rowsOf(
        await db().execute(sql`select r.cell_id as "cellId", r.person_id as "personId", c.parent_id as "parentId", split_part(c.path, '/', 2)::int as "rootId"
          from meeting_absence_run r join unit c on c.id = r.cell_id where r.absent_run >= 2 and c.closed_at is null order by r.absent_run desc, r.person_id limit 1`),
        z.object({ cellId: z.number(), personId: z.number(), parentId: z.number(), rootId: z.number() }),
      );
      expect(row, "the demo has a member at risk").toBeDefined();
      return { ...row!, watched: [row!.rootId, row!.parentId] };
    }

    async function expectFollows(label: string, units: number[], change: () => Promise<unknown>) {
      const before = await read(units, getKeptMeetingDashboard);
      await change();
      const kept = await read(units, getKeptMeetingDashboard);
      const fresh = await read(units, getMeetingDashboard);
      expect(kept, label).toEqual(fresh);
      expect(fresh, `${label}: the change shows on the pages`).not.toEqual(before);
    }

    it("keeps a page while nothing it shows changes", async () => {
      const s = await subject();
      const first = await read(s.watched, getKeptMeetingDashboard);
      const version = await readDashboardVersion(s.rootId);
      // A phone number shows on no dashboard.
      await db().execute(sql`update person set phone = ${`0999${String(s.personId).padStart(6, "0")}`} where id = ${s.personId}`);
      expect(await readDashboardVersion(s.rootId)).toBe(version);
      const again = await read(s.watched, getKeptMeetingDashboard);
      again.forEach((p, i) => expect(p.page).toBe(first[i]!.page)); // the same objects: served from the process
    });

    it("follows a recorded meeting", async () => {
      const s = await subject();
      await expectFollows("a meeting held", s.watched, () =>
        db().transaction(async (tx) => {
          const [m] = rowsOf(
            await tx.execute(sql`insert into meeting (cell_id, scheduled_on, held_on, kind, topic, status, recorded_at)
              values (${s.cellId}, '2026-03-27', '2026-03-27', 'chuyen_de', 'Chuyên đề bổ sung', 'held', now()) returning id`),
            z.object({ id: z.number() }),
          );
          await tx.execute(sql`insert into meeting_attendance (meeting_id, person_id, held_on, status)
            select ${m!.id}, p.id, '2026-03-27', case when p.id = ${s.personId} then 'unexcused' else 'present' end from person p where p.unit_id = ${s.cellId} and p.active`);
          await refreshCellMonth(tx, { cellId: s.cellId, month: "2026-03" });
        }),
      );
    });

    it("follows renamed cells and members", async () => {
      const s = await subject();
      await expectFollows("a cell renamed", s.watched, () => renameUnit({ actorId: "u-bantochuc", unitId: s.cellId, name: "Chi bộ Ấp Ánh Dương" }));
      await expectFollows("a member renamed", s.watched, () => renamePerson(s.personId, { familyName: "Âu", givenName: "An" }));
    });

    it("follows a cell moved to another đảng bộ and a cell closed", async () => {
      const s = await subject();
      const [other] = rowsOf(
        await db().execute(sql`select u.id, u.path, u.parent_id as "parentId" from unit u
          where u.kind = 'dang_bo_co_so' and u.id <> ${s.parentId} and u.path like ${`/${s.rootId}/%`} and u.closed_at is null order by u.id limit 1`),
        UnitRow,
      );
      const watched = [...s.watched, other!.id];
      await expectFollows("a cell moved", watched, async () =>
        expect(await moveUnit({ actorId: "u-bantochuc", unitId: s.cellId, parentId: other!.id })).toMatchObject({ ok: true }),
      );
      const [cell] = rowsOf(
        await db().execute(sql`select c.id, c.path, c.parent_id as "parentId" from unit c join meeting_cell_at_risk r on r.cell_id = c.id
          where c.parent_id = ${other!.id} and c.closed_at is null and r.period_kind = 'y' and r.period_start = '2026-01-01' order by c.id limit 1`),
        UnitRow,
      );
      // A cell is closed once its members have left it.
      await db().execute(sql`update person set active = false where unit_id = ${cell!.id}`);
      await expectFollows("a cell closed", watched, async () =>
        expect(await closeUnit({ actorId: "u-bantochuc", unitId: cell!.id })).toMatchObject({ ok: true }),
      );
    });

    // Renames write rows a refresh writes too (the runs' copied sort keys) and bump versions that
    // refreshes bump; a record's roll locks the members it references before its refresh: all of
    // them take the tree's lock first, so concurrent ones only queue.
    it.skipIf(target.name === "PGlite")("lets renames and refreshes of one cell run at once without a deadlock", async () => {
      const s = await subject();
      const members = rowsOf(
        await db().execute(sql`select person_id as id from meeting_absence_run where cell_id = ${s.cellId} order by person_id limit 4`),
        z.object({ id: z.number() }),
      );
      const roll = rowsOf(await db().execute(sql`select id from person where unit_id = ${s.cellId} and active order by id`), z.object({ id: z.number() }));
      const work: Promise<unknown>[] = [];
      for (let i = 0; i < 8; i++) {
        // A secretary's record: the roll's rows reference the members before the refresh locks the tree.
        const value = RecordSchema.parse({
          intent: "record",
          heldOn: `2026-03-${String(10 + i).padStart(2, "0")}`,
          topic: "",
          summary: "Sinh hoạt chi bộ (kiểm thử đồng thời)",
          attendance: roll.map((m) => ({ personId: m.id, status: "present", reason: "" })),
        });
        work.push(saveRecord({ key: { cellId: s.cellId, scheduledOn: value.heldOn, kind: "thuong_ky" }, value, userId: "u-bantochuc" }));
        work.push(renamePerson(members[i % members.length]!.id, { familyName: "Lê", givenName: `Tên ${i}` }));
        work.push(renameUnit({ actorId: "u-bantochuc", unitId: s.cellId, name: `Chi bộ đổi tên ${i}` }));
      }
      const results = await Promise.allSettled(work);
      expect(results.filter((r) => r.status === "rejected")).toEqual([]);
      await expectFollows("after the concurrent writes", s.watched, () => renameUnit({ actorId: "u-bantochuc", unitId: s.cellId, name: "Chi bộ Bình Minh" }));
    });

    it("follows a rebuild of the roll-up", async () => {
      const s = await subject();
      // A meeting removed behind the roll-up's back (a repair's case): only the rebuild shows it.
      await expectFollows("rebuilt", s.watched, async () => {
        await db().execute(
          sql`delete from meeting where id = (select m.id from meeting m where m.cell_id = ${s.cellId} and m.held_on >= '2026-01-01' order by m.held_on limit 1)`,
        );
        await db().transaction((tx) => rebuildMeetingFigures(tx));
      });
    });
  });
}
