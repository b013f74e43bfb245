import { sql } from "drizzle-orm";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { listCampaigns } from "~/completion/campaigns.server";
import { ensureCampaignFigures, refreshCellFigures } from "~/completion/rollup.server";
import { countCells, listMembersAtRisk } from "~/meetings/dashboard.server";
import { closeUnit, createUnit, moveUnit, reopenUnit } from "~/org/unit-admin.server";
import { localDate } from "~/utils/dates";
import { dbTargets, useTestDatabase } from "../support/db";
import { expectMeetingFiguresEqualToRebuild } from "../support/meetings-rollup";

/**
 * Moving a unit takes its cells' figures from the sums of the units it left to those it joined:
 * both roll-ups (meetings, training completion) equal a rebuild afterwards, and a dashboard of the
 * old parent no longer counts the moved cells.
 */
/** Rows compared whole, as they are. */
const Row = z.object({}).passthrough();

for (const target of dbTargets()) {
  describe(`moving a unit on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    const db = () => handle.database.db;

    async function completionSnapshot() {
      return {
        subunitFigures: rowsOf(await db().execute(sql`select * from campaign_subunit_figure order by campaign_id, unit_id, position`), Row),
        subunitDays: rowsOf(
          await db().execute(sql`select campaign_id, unit_id, day::text, trained from campaign_subunit_day order by campaign_id, unit_id, day`),
          Row,
        ),
        figures: rowsOf(await db().execute(sql`select * from campaign_cell_figure order by campaign_id, position, cell_id`), Row),
      };
    }

    async function expectCompletionEqualToRebuild(label: string) {
      const kept = await completionSnapshot();
      expect(kept.subunitFigures.length).toBeGreaterThan(0);
      await db().transaction((tx) => refreshCellFigures(tx, { fromScratch: true }));
      expect({ label, ...kept }).toEqual({ label, ...(await completionSnapshot()) });
    }

    /** The year's held meetings below a unit, from its second-level row. */
    async function heldBelow(unitId: number) {
      const [row] = rowsOf(
        await db().execute(sql`select coalesce(sum(held), 0)::int as held from meeting_subunit_period where unit_id = ${unitId} and period_kind = 'y'`),
        z.object({ held: z.number() }),
      );
      return row!.held;
    }

    /** `unit_cell_count` (kept by triggers) equals a count of the cells under every unit. */
    async function expectCellCountsExact(label: string) {
      const kept = rowsOf(await db().execute(sql`select unit_id, open_cells, all_cells from unit_cell_count order by unit_id`), Row);
      const counted = rowsOf(
        await db().execute(sql`select a.id as unit_id, sum((u.closed_at is null)::int)::int as open_cells, count(*)::int as all_cells
          from unit u cross join lateral unnest(string_to_array(trim(both '/' from u.path), '/')::int[]) a(id)
          where u.kind in ('chi_bo', 'chi_bo_co_so') group by a.id order by a.id`),
        Row,
      );
      expect(kept.length).toBeGreaterThan(400);
      expect({ label, kept }).toEqual({ label, kept: counted });
    }

    async function actorId() {
      const [row] = rowsOf(await db().execute(sql`select id from "user" order by username limit 1`), z.object({ id: z.string() }));
      return row!.id;
    }

    it("moves a cell's figures from its old đảng bộ to its new one", async () => {
      const today = localDate(new Date());
      for (const c of await listCampaigns({ scopes: ["/1/"] })) await ensureCampaignFigures({ campaignId: c.id, today });
      // A cell with meetings under one đảng bộ cơ sở, and another đảng bộ cơ sở to move it to.
      const [cell] = rowsOf(
        await db().execute(sql`select u.id, u.parent_id as "parentId", sum(c.held)::int as held from unit u
          join unit p on p.id = u.parent_id and p.kind = 'dang_bo_co_so'
          join meeting_cell_period c on c.cell_id = u.id and c.period_kind = 'y'
          where u.kind = 'chi_bo' group by u.id order by u.id limit 1`),
        z.object({ id: z.number(), parentId: z.number(), held: z.number() }),
      );
      const [other] = rowsOf(
        await db().execute(sql`select id from unit where kind = 'dang_bo_co_so' and id <> ${cell!.parentId} order by id limit 1`),
        z.object({ id: z.number() }),
      );
      expect(cell!.held).toBeGreaterThan(0);
      const [fromBefore, toBefore] = [await heldBelow(cell!.parentId), await heldBelow(other!.id)];

      const result = await moveUnit({ actorId: await actorId(), unitId: cell!.id, parentId: other!.id });
      expect(result.ok).toBe(true);

      expect(await heldBelow(cell!.parentId)).toBe(fromBefore - cell!.held);
      expect(await heldBelow(other!.id)).toBe(toBefore + cell!.held);
      await expectMeetingFiguresEqualToRebuild(db(), "after moving a cell");
      await expectCompletionEqualToRebuild("after moving a cell");
      await expectCellCountsExact("after moving a cell");
    });

    it("moves a cell's members at risk from its old đảng bộ's list to its new one's", async () => {
      // The demo data has members absent at their latest meetings (the dashboard's live list).
      const [cell] = rowsOf(
        await db().execute(sql`select u.id, u.path, u.parent_id as "parentId", count(*)::int as n from meeting_absence_run r
          join unit u on u.id = r.cell_id join unit p on p.id = u.parent_id and p.kind = 'dang_bo_co_so'
          where r.absent_run >= 2 group by u.id order by u.id limit 1`),
        z.object({ id: z.number(), path: z.string(), parentId: z.number(), n: z.number() }),
      );
      expect(cell!.n).toBeGreaterThan(0);
      const [from, to] = rowsOf(
        await db().execute(sql`select id, path, false as "isCell" from unit where id = ${cell!.parentId}
          union all (select id, path, false from unit where kind = 'dang_bo_co_so' and id <> ${cell!.parentId} order by id limit 1)`),
        z.object({ id: z.number(), path: z.string(), isCell: z.boolean() }),
      );
      const listed = async (unit: typeof from) => (await listMembersAtRisk({ unit: unit!, limit: 500, offset: 0 })).total;
      const [fromBefore, toBefore] = [await listed(from), await listed(to)];

      expect((await moveUnit({ actorId: await actorId(), unitId: cell!.id, parentId: to!.id })).ok).toBe(true);

      expect([await listed(from), await listed(to)]).toEqual([fromBefore - cell!.n, toBefore + cell!.n]);
      const page = await listMembersAtRisk({ unit: to!, limit: 500, offset: 0 });
      expect(page.rows.filter((r) => r.cellId === cell!.id)).toHaveLength(cell!.n);
      expect(page.rows).toHaveLength(page.total);
      await expectMeetingFiguresEqualToRebuild(db(), "after moving a cell with members at risk");
    });

    it("moves a đảng bộ bộ phận with all its cells", async () => {
      const [part] = rowsOf(
        await db().execute(sql`select id, parent_id as "parentId" from unit where kind = 'dang_bo_bo_phan' order by id limit 1`),
        z.object({ id: z.number(), parentId: z.number() }),
      );
      const [other] = rowsOf(
        await db().execute(sql`select id from unit where kind = 'dang_bo_co_so' and id <> ${part!.parentId} order by id desc limit 1`),
        z.object({ id: z.number() }),
      );
      const moved = await heldBelow(part!.id);
      expect(moved).toBeGreaterThan(0);
      const before = await heldBelow(part!.parentId);

      const result = await moveUnit({ actorId: await actorId(), unitId: part!.id, parentId: other!.id });
      expect(result.ok).toBe(true);

      expect(await heldBelow(part!.parentId)).toBe(before - moved);
      await expectMeetingFiguresEqualToRebuild(db(), "after moving a đảng bộ bộ phận");
      await expectCompletionEqualToRebuild("after moving a đảng bộ bộ phận");
      await expectCellCountsExact("after moving a đảng bộ bộ phận");
    });

    it("counts the open cells under a unit as cells are created, closed and reopened", async () => {
      await expectCellCountsExact("the demo bloc");
      const [parent] = rowsOf(await db().execute(sql`select id from unit where kind = 'dang_bo_co_so' order by id limit 1`), z.object({ id: z.number() }));
      const root = { id: 1 };
      const [before, rootBefore] = [await countCells(parent!), await countCells(root)];
      const actor = await actorId();

      const created = await createUnit({ actorId: actor, parentId: parent!.id, kind: "chi_bo", name: "Chi bộ Thử nghiệm" });
      if (!created.ok) throw new Error(created.message);
      expect([await countCells(parent!), await countCells(root), await countCells({ id: created.unitId })]).toEqual([before + 1, rootBefore + 1, 1]);

      expect((await closeUnit({ actorId: actor, unitId: created.unitId })).ok).toBe(true);
      expect([await countCells(parent!), await countCells(root)]).toEqual([before, rootBefore]);
      await expectCellCountsExact("after closing a cell");

      expect((await reopenUnit({ actorId: actor, unitId: created.unitId })).ok).toBe(true);
      expect(await countCells(parent!)).toBe(before + 1);
      await expectCellCountsExact("after reopening a cell");
    });
  });
}
