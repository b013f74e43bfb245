import { z } from "zod";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf, type Executor } from "#db/client.server";
import { getUnitFigures, listCellsAtRisk, listChildren, listMembersAtRisk, type CellAtRisk, type UnitRef } from "~/meetings/dashboard.server";
import { refreshCell, refreshCellMonth, refreshCells } from "~/meetings/figures-rollup.server";
import { absenceStreaks, type AttendanceStatus } from "~/meetings/rules";
import { addFigures, EMPTY_FIGURES, type PeriodFigures } from "~/meetings/targets";
import { createRandom } from "#db/seed/random";
import { renameUnit } from "~/org/unit-admin.server";
import { dbTargets, useTestDatabase } from "../support/db";
import { expectMeetingFiguresEqualToRebuild } from "../support/meetings-rollup";
import { renamePerson } from "../support/people";

const SEED = Number(process.env.ROLLUP_SEED ?? 20261205);
const BATCHES = 3;
const WRITES_PER_BATCH = 25;

/**
 * The meetings' roll-up is kept by `refreshCellMonth` in the transaction of each write. After
 * random writes (meetings held, postponed, deleted across a year's end; attendance changed; filed
 * and unfiled visit scores; self-assessments; annual ratings; schedules) both levels and the
 * absence runs must equal a rebuild from scratch, a parent must equal the sum of its children, and
 * the absence runs must agree with the pure rules of rules.ts.
 */
for (const target of dbTargets()) {
  describe(`meetings roll-up on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    const db = () => handle.database.db;
    const rng = createRandom(SEED);
    const next = rng.next;
    const pick = rng.pick;

    const expectEqualToRebuild = (label: string) => expectMeetingFiguresEqualToRebuild(db(), label);

    /** The written cells and every unit above them, for the checks after the random writes. */
    let written: { cells: number[]; parents: UnitRef[] } = { cells: [], parents: [] };

    it(`stays exact through random writes (seed ${SEED})`, async () => {
      // A few cells under two đảng bộ cơ sở and one chi bộ cơ sở: deep and shallow paths.
      const cells = rowsOf(
        await db().execute(sql`
          (select u.id, array(select p.id from person p where p.unit_id = u.id and p.active order by p.id limit 12) as members
           from unit u where u.kind = 'chi_bo' and u.parent_id in (select id from unit where kind = 'dang_bo_co_so' order by id limit 2) order by u.id limit 8)
          union all
          (select u.id, array(select p.id from person p where p.unit_id = u.id and p.active order by p.id limit 12) from unit u where u.kind = 'chi_bo_co_so' order by u.id limit 2)`),
        z.object({ id: z.number(), members: z.array(z.number()) }),
      );
      const months = ["2024-11", "2024-12", "2025-01", "2025-02", "2025-03", "2025-04"];
      const day = (month: string, d: number) => `${month}-${String(d).padStart(2, "0")}`;

      async function write(cellId: number, touched: string[], body: (tx: Executor) => Promise<unknown>) {
        await db().transaction(async (tx) => {
          await body(tx);
          if (touched.length === 0) await refreshCell(tx, { cellId });
          for (const month of new Set(touched)) await refreshCellMonth(tx, { cellId, month });
        });
      }

      async function meetingsOf(cellId: number) {
        return rowsOf(
          await db().execute(sql`select id, scheduled_on::text as "scheduledOn", held_on::text as "heldOn" from meeting where cell_id = ${cellId} order by id`),
          z.object({ id: z.number(), scheduledOn: z.string(), heldOn: z.string().nullable() }),
        );
      }

      const writes: Record<string, () => Promise<unknown>> = {
        async hold() {
          const cell = pick(cells);
          const month = pick(months);
          const kind = next() < 0.3 ? "chuyen_de" : "thuong_ky";
          const scheduled = day(month, 5);
          const late = next() < 0.2;
          const heldOn = late ? day(month, 20) : scheduled;
          const statuses: AttendanceStatus[] = ["present", "present", "present", "excused", "unexcused"];
          return write(cell.id, [month], async (tx) => {
            const [m] = rowsOf(
              await tx.execute(sql`insert into meeting (cell_id, scheduled_on, held_on, kind, topic, status, postpone_reason, postponed_to, recorded_at)
                values (${cell.id}, ${scheduled}::date, ${heldOn}::date, ${kind}, ${kind === "chuyen_de" ? "Chuyên đề" : null}, 'held',
                  ${late ? "Trùng lịch công tác" : null}, ${late ? heldOn : null}::date, now())
                on conflict (cell_id, scheduled_on, kind) do nothing returning id`),
              z.object({ id: z.number() }),
            );
            if (!m) return;
            for (const personId of cell.members) {
              const status = next() < 0.75 ? "present" : pick(statuses);
              await tx.execute(
                sql`insert into meeting_attendance (meeting_id, person_id, held_on, status) values (${m.id}, ${personId}, ${heldOn}::date, ${status})`,
              );
            }
          });
        },
        async postpone() {
          const cell = pick(cells);
          const month = pick(months);
          return write(cell.id, [month], (tx) =>
            tx.execute(sql`insert into meeting (cell_id, scheduled_on, kind, status, postpone_reason, postponed_to, recorded_at)
              values (${cell.id}, ${day(month, 5)}::date, 'thuong_ky', 'postponed', 'Chi bộ đi công tác', ${day(month, 25)}::date, now())
              on conflict (cell_id, scheduled_on, kind) do nothing`),
          );
        },
        async changeAttendance() {
          const cell = pick(cells);
          const held = (await meetingsOf(cell.id)).filter((m) => m.heldOn);
          if (!held.length) return;
          const m = pick(held);
          return write(cell.id, [m.heldOn!.slice(0, 7)], (tx) =>
            tx.execute(
              sql`update meeting_attendance set status = ${pick(["present", "excused", "unexcused"])} where meeting_id = ${m.id} and person_id = ${pick(cell.members)}`,
            ),
          );
        },
        async remove() {
          const cell = pick(cells);
          const all = await meetingsOf(cell.id);
          if (!all.length) return;
          const m = pick(all);
          return write(cell.id, [m.scheduledOn.slice(0, 7), (m.heldOn ?? m.scheduledOn).slice(0, 7)], (tx) =>
            tx.execute(sql`delete from meeting where id = ${m.id}`),
          );
        },
        async selfAssess() {
          const cell = pick(cells);
          const held = (await meetingsOf(cell.id)).filter((m) => m.heldOn);
          if (!held.length) return;
          const m = pick(held);
          return write(cell.id, [m.heldOn!.slice(0, 7)], (tx) =>
            tx.execute(sql`insert into meeting_self_assessment (meeting_id, rating) values (${m.id}, ${pick(["tot", "kha", "trung_binh"])})
              on conflict (meeting_id) do update set rating = excluded.rating`),
          );
        },
        async visit() {
          const cell = pick(cells);
          const held = (await meetingsOf(cell.id)).filter((m) => m.heldOn);
          if (!held.length) return;
          const m = pick(held);
          const filed = next() < 0.7;
          return write(cell.id, [m.heldOn!.slice(0, 7)], async (tx) => {
            const [sheet] = rowsOf(
              await tx.execute(sql`insert into scoring_sheet (unit_id, version, name, source, criteria, scale) values (1, 1, 'Ví dụ', 'domain.md §4', '[]'::jsonb, '{}'::jsonb)
                on conflict (unit_id, version) do update set name = excluded.name returning id`),
              z.object({ id: z.number() }),
            );
            const attendee = pick(cells.flatMap((c) => c.members));
            const [v] = rowsOf(
              await tx.execute(sql`insert into visit (meeting_id, attendee_person_id, filed_at) values (${m.id}, ${attendee}, ${filed ? sql`now()` : sql`null`})
                on conflict (meeting_id, attendee_person_id) do update set filed_at = excluded.filed_at returning id`),
              z.object({ id: z.number() }),
            );
            await tx.execute(sql`insert into visit_score (visit_id, sheet_id, points, total, rating) values (${v!.id}, ${sheet!.id}, '{}'::jsonb, 80, ${pick(["tot", "kha", "kem"])})
              on conflict (visit_id) do update set rating = excluded.rating`);
          });
        },
        async annual() {
          const cell = pick(cells);
          const year = pick([2024, 2025]);
          const rating = pick(["xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh"]);
          return write(cell.id, [`${year}-12`], async (tx) => {
            await tx.execute(sql`insert into annual_rating (year, cell_id, rating, source) values (${year}, ${cell.id}, ${rating}, 'manual')
              on conflict (cell_id, year) where cell_id is not null do update set rating = excluded.rating`);
            await tx.execute(sql`insert into annual_rating (year, person_id, rating, source) values (${year}, ${pick(cell.members)}, ${pick(["tot", "hoan_thanh"])}, 'manual')
              on conflict (person_id, year) where person_id is not null do update set rating = excluded.rating`);
          });
        },
        async schedule() {
          const cell = pick(cells);
          return write(cell.id, [], (tx) =>
            tx.execute(
              sql`insert into meeting_schedule (cell_id, day_of_month, starts_at, place, valid_from) values (${cell.id}, 5, '14:00', 'Hội trường', '2024-12-01')`,
            ),
          );
        },
      };
      const names = Object.keys(writes);
      for (let batch = 0; batch < BATCHES; batch++) {
        for (let i = 0; i < WRITES_PER_BATCH; i++) await writes[names[i < 8 ? 0 : Math.floor(next() * names.length)]!]!();
        await expectEqualToRebuild(`batch ${batch}`);
      }

      // Parent = its own cell row + the sum of its children (for every unit above the written cells).
      const parents = rowsOf(
        await db().execute(sql`select distinct a.id, a.path, a.kind, false as "isCell" from unit c join unit a on c.path like a.path || '%' and a.id <> c.id
          where c.id in ${cells.map((c) => c.id)}`),
        z.object({ id: z.number(), path: z.string(), isCell: z.boolean(), kind: z.string() }),
      );
      written = { cells: cells.map((c) => c.id), parents };
      for (const parent of parents) {
        for (const period of [
          { kind: "m" as const, start: "2025-01-01" },
          { kind: "q" as const, start: "2025-01-01" },
          { kind: "y" as const, start: "2024-01-01" },
        ]) {
          const own = (await getUnitFigures({ unit: parent, kind: period.kind, starts: [period.start], cells: 0 })).get(period.start)!;
          const { rows } = await listChildren({ unit: parent, period, limit: 10_000, offset: 0 });
          const sum = rows.reduce<PeriodFigures>((acc, r) => addFigures(acc, { ...pickFigures(r), cells: 0 }), EMPTY_FIGURES);
          expect({ unit: parent.id, period, own }).toEqual({ unit: parent.id, period, own: sum });
        }
      }

      // The absence runs agree with rules.ts over every member's history.
      const history = rowsOf(
        await db().execute(sql`select a.person_id as "personId", a.held_on::text as date, a.status from meeting_attendance a
          join meeting m on m.id = a.meeting_id and m.status = 'held' order by a.person_id, a.held_on, a.meeting_id`),
        z.object({ personId: z.number(), date: z.string(), status: z.enum(["present", "excused", "unexcused"]) }),
      );
      const byPerson = new Map<number, typeof history>();
      for (const h of history) byPerson.set(h.personId, [...(byPerson.get(h.personId) ?? []), h]);
      const runs = new Map(
        rowsOf(
          await db().execute(sql`select person_id as "personId", absent_run as "absentRun", unexcused_run as "unexcusedRun" from meeting_absence_run`),
          z.object({ personId: z.number(), absentRun: z.number(), unexcusedRun: z.number() }),
        ).map((r) => [r.personId, r]),
      );
      let heading = 0;
      for (const [personId, entries] of byPerson) {
        // Same-day meetings (regular and thematic) make the order within a day ambiguous: skip those members.
        if (new Set(entries.map((e) => e.date)).size !== entries.length) continue;
        const streaks = absenceStreaks(entries.map((e) => ({ date: e.date, meetingStatus: "held", attendance: e.status })));
        const row = runs.get(personId);
        expect({ personId, any: row?.absentRun ?? 0, unexcused: row?.unexcusedRun ?? 0 }).toEqual({
          personId,
          any: streaks.currentAny,
          unexcused: streaks.currentUnexcused,
        });
        if (streaks.currentAny >= 3) heading++;
      }
      expect(byPerson.size).toBeGreaterThan(0);
      void heading;
    });

    // The paged list of cells at risk (and its count from the roll-up) equals a from-scratch
    // reading of every cell of the subtree, for every unit above the written cells and each of
    // them, before and after a cell is renamed (its copied sort key) and another closed (left out).
    it("lists the cells at risk page by page as a reading of the whole subtree would", async () => {
      const { cells, parents } = written;
      expect(cells.length).toBeGreaterThan(4);
      async function expectCellsAtRiskFromScratch(label: string) {
        const units = [
          ...parents,
          ...rowsOf(
            await db().execute(sql`select id, path, true as "isCell" from unit where id in ${cells}`),
            z.object({ id: z.number(), path: z.string(), isCell: z.boolean() }),
          ),
        ];
        const periods = [
          { kind: "m" as const, start: "2025-01-01" },
          { kind: "m" as const, start: "2024-12-01" },
          { kind: "q" as const, start: "2025-01-01" },
          { kind: "y" as const, start: "2024-01-01" },
          { kind: "y" as const, start: "2019-01-01" },
        ];
        for (const unit of units) {
          for (const period of periods) {
            const expected = await cellsAtRiskFromScratch(db(), unit.path, period);
            // About six pages whatever the length, so pages cross from the cells without a row to the others.
            const limit = Math.max(3, Math.ceil(expected.length / 6));
            const rows: CellAtRisk[] = [];
            let total = -1;
            for (let offset = 0; offset === 0 || offset < total; offset += limit) {
              const page = await listCellsAtRisk({ unit, period, limit, offset });
              rows.push(...page.rows);
              total = page.total;
            }
            expect({ label, unit: unit.id, period, total, rows }).toEqual({ label, unit: unit.id, period, total: expected.length, rows: expected });
          }
        }
      }
      await expectCellsAtRiskFromScratch("after the writes");
      expect(await renameUnit({ actorId: "u-bantochuc", unitId: cells[3]!, name: "Ă chi bộ đổi tên" })).toMatchObject({ ok: true });
      await db().execute(sql`update unit set closed_at = now() where id = ${cells[4]!}`);
      await expectCellsAtRiskFromScratch("after a rename and a closing");
      await db().execute(sql`update unit set closed_at = null where id = ${cells[4]!}`);
    });

    // The list of members at risk walks one index in its whole order: the cell's and the member's
    // sort keys are copies, which must follow a renamed cell or member.
    it("lists the members at risk in the order of a reading by names, after cells and members are renamed", async () => {
      const root = { id: 1, path: "/1/", isCell: false };
      async function expectMembersInNameOrder(label: string) {
        const expected = rowsOf(
          await db().execute(sql`select r.person_id as id from meeting_absence_run r join unit u on u.id = r.cell_id join person p on p.id = r.person_id
            where r.absent_run >= 2 and u.path like '/1/%'
            order by r.absent_run desc, r.unexcused_run desc, u.sort_key collate "C", p.sort_key collate "C", r.person_id`),
          z.object({ id: z.number() }),
        ).map((r) => r.id);
        expect(expected.length, label).toBeGreaterThan(2);
        const listed: number[] = [];
        for (let offset = 0; offset < expected.length; offset += 2) {
          listed.push(...(await listMembersAtRisk({ unit: root, limit: 2, offset })).rows.map((r) => r.personId));
        }
        expect(listed, label).toEqual(expected);
      }
      await expectMembersInNameOrder("as refreshed");
      const [first, last] = rowsOf(
        await db().execute(sql`(select person_id as "personId", cell_id as "cellId" from meeting_absence_run where absent_run >= 2 order by person_id limit 1)
          union all (select person_id, cell_id from meeting_absence_run where absent_run >= 2 order by person_id desc limit 1)`),
        z.object({ personId: z.number(), cellId: z.number() }),
      );
      const renamed = await renamePerson(last!.personId, { familyName: "Âu", givenName: "A" });
      expect(renamed).toMatchObject({ ok: true });
      expect(await renameUnit({ actorId: "u-bantochuc", unitId: first!.cellId, name: "Chi bộ Ấp Ánh Dương" })).toMatchObject({ ok: true });
      await expectMembersInNameOrder("after a member and a cell are renamed");
      await expectEqualToRebuild("after the renames");
    });

    // A refresh's statements take a list of cells of any length: a generic plan (PostgreSQL's
    // choice after five executions) is planned for 10 and ran a 2,000-cell refresh for minutes.
    it("plans the refresh for the cells it is given, not with a generic plan", async () => {
      const { cells } = written;
      const modes = await db().transaction(async (tx) => {
        const before = rowsOf(await tx.execute(sql`select current_setting('plan_cache_mode') as mode`), z.object({ mode: z.string() }));
        await refreshCells(tx, { cellIds: cells, years: [2025] });
        const after = rowsOf(await tx.execute(sql`select current_setting('plan_cache_mode') as mode`), z.object({ mode: z.string() }));
        return [before[0]!.mode, after[0]!.mode];
      });
      expect(modes).toEqual(["auto", "force_custom_plan"]);
      // Local to the refresh's transaction: other work keeps the server's setting.
      const [outside] = rowsOf(await db().execute(sql`select current_setting('plan_cache_mode') as mode`), z.object({ mode: z.string() }));
      expect(outside!.mode).toBe("auto");
      await expectEqualToRebuild("after a refresh of every written cell");
    });
  });
}

function pickFigures(r: PeriodFigures): PeriodFigures {
  const out = { ...EMPTY_FIGURES };
  for (const key of Object.keys(out) as (keyof PeriodFigures)[]) out[key] = r[key];
  return out;
}

/**
 * The list of cells at risk read the slow way (ADR 020): every open cell of the subtree with its
 * roll-up row; listed when it has no row or misses a target; no row first, then worst first.
 */
async function cellsAtRiskFromScratch(executor: Executor, path: string, period: { kind: string; start: string }) {
  return rowsOf(
    await executor.execute(sql`
      select u.id, u.name, pu.name as "parentName", coalesce(r.held, 0) as held, coalesce(r.regular, 0) as regular,
        coalesce(r.thematic, 0) as thematic, coalesce(r.unexcused, 0) as unexcused, coalesce(r.attendance_ok, 0) as "attendanceOk",
        coalesce(r.regime_ok, 0) as "regimeOk", coalesce(r.postponed, 0) as postponed
      from unit u
      left join unit pu on pu.id = u.parent_id
      left join meeting_cell_period r on r.cell_id = u.id and r.period_kind = ${period.kind} and r.period_start = ${period.start}::date
      where u.path like ${`${path}%`} and u.kind in ('chi_bo', 'chi_bo_co_so') and u.closed_at is null
        and (r.cell_id is null or r.regime_ok = 0 or r.unexcused > 0 or r.attendance_ok < r.held)
      order by r.cell_id is not null, coalesce(r.regime_ok, 0), coalesce(r.held, 0), coalesce(r.unexcused, 0) desc, u.sort_key collate "C", u.id`),
    z.object({
      id: z.number(),
      name: z.string(),
      parentName: z.string().nullable(),
      held: z.number(),
      regular: z.number(),
      thematic: z.number(),
      unexcused: z.number(),
      attendanceOk: z.number(),
      regimeOk: z.number(),
      postponed: z.number(),
    }),
  );
}
