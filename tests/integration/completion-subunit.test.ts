import { z } from "zod";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf, type Executor } from "#db/client.server";
import { getCampaign, listCampaigns } from "~/completion/campaigns.server";
import { getClass, listClasses, updateAttendance } from "~/completion/classes.server";
import { getBurnUp, getDashboard, getPositionFigures, getUnitFigures, type CampaignRef, type UnitRef } from "~/completion/figures.server";
import { ensureCampaignFigures, refreshCellFigures, refreshPeopleFigures } from "~/completion/rollup.server";
import { commitRoster } from "~/completion/roster.server";
import { addDays, localDate } from "~/utils/dates";
import { addPosition, endPosition, movePerson, setPersonActive } from "~/org/people.server";
import { getUnit } from "~/org/units.server";
import { dbTargets, useTestDatabase } from "../support/db";

/** mulberry32: a small seeded generator, so a failing run can be replayed with its seed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.ROLLUP_SEED ?? 20261125);
const BATCHES = 4;
const WRITES_PER_BATCH = 8;

/**
 * The second roll-up level (per unit, everything below it; ADR 014) is moved by deltas on every
 * write. After each batch of random writes through the app's own write paths, it must equal a
 * rebuild from scratch, and the dashboard read from it must equal the live per-person queries.
 */
for (const target of dbTargets()) {
  describe(`completion subunit roll-up on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    const db = () => handle.database.db;
    const next = random(SEED);
    const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!;

    async function ids(query: ReturnType<typeof sql>) {
      return rowsOf(await db().execute(query), z.object({ id: z.number() })).map((r) => r.id);
    }

    async function levelTwo(executor: Executor) {
      const figures = rowsOf(
        await executor.execute(sql`select * from campaign_subunit_figure order by campaign_id, unit_id, position`),
        z.object({}).passthrough(),
      );
      const days = rowsOf(
        await executor.execute(sql`select campaign_id, unit_id, day::text, trained from campaign_subunit_day order by campaign_id, unit_id, day`),
        z.object({}).passthrough(),
      );
      return { figures, days };
    }

    /** The tables as the writes left them, against a rebuild in a transaction rolled back (the writes go on from the kept state). */
    async function expectEqualToRebuild(label: string, today?: string) {
      const kept = await levelTwo(db());
      let rebuilt: Awaited<ReturnType<typeof levelTwo>> | undefined;
      await db()
        .transaction(async (tx) => {
          await refreshCellFigures(tx, { fromScratch: true, today });
          rebuilt = await levelTwo(tx);
          tx.rollback();
        })
        .catch((error: unknown) => {
          if (!(error instanceof Error && error.message.includes("Rollback"))) throw error;
        });
      expect(kept.figures.length).toBeGreaterThan(0);
      expect({ label, ...kept }).toEqual({ label, ...rebuilt });
    }

    /** Dashboard (roll-up) = live per-person computation, for the unit and all its children. */
    async function expectDashboardLive(label: string, campaign: CampaignRef, unit: UnitRef) {
      const dashboard = await getDashboard({
        campaign,
        unit,
        children: { limit: 10_000, offset: 0 },
        untrained: { untrainedOnly: true, limit: 5 },
        withCellPeople: false,
      });
      const live = await getUnitFigures({ campaign, unit });
      expect({ label, unit: unit.id, total: dashboard.figures.total, children: dashboard.figures.children }).toEqual({
        label,
        unit: unit.id,
        total: live.total,
        children: live.children,
      });
      expect({ label, unit: unit.id, positions: dashboard.positions }).toEqual({
        label,
        unit: unit.id,
        positions: await getPositionFigures({ campaign, unit }),
      });
      expect({ label, unit: unit.id, burnUp: dashboard.burnUp }).toEqual({ label, unit: unit.id, burnUp: await getBurnUp({ campaign, unit }) });
    }

    it(`stays exact through random writes (seed ${SEED})`, async () => {
      const today = localDate(new Date());
      const campaigns = await Promise.all((await listCampaigns({ scopes: ["/1/"] })).map(async (c) => (await getCampaign(c.id))!));
      for (const c of campaigns) await ensureCampaignFigures({ campaignId: c.id, today });
      const current = campaigns.find((c) => c.deadlineOn >= today)!;
      const classes = await Promise.all(
        (await listClasses({ scopes: ["/1/"] })).filter((c) => c.startsOn >= current.startsOn).map(async (c) => (await getClass(c.id))!),
      );
      const cells = await ids(sql`select id from unit where kind = 'chi_bo' and closed_at is null order by id`);
      const parents = await ids(sql`select distinct parent_id as id from unit where parent_id is not null order by 1`);
      const audience = () =>
        ids(sql`select distinct p.id from person p join person_position pp on pp.person_id = p.id and pp.ended_on is null
        join unit u on u.id = p.unit_id and u.kind = 'chi_bo' where p.active and pp.position <> 'dang_vien' order by 1`);
      let imported = 0;

      const writes: Record<string, () => Promise<unknown>> = {
        async attend() {
          const people = await audience();
          return updateAttendance({ trainingClass: pick(classes), present: [pick(people), pick(people), pick(people)], absent: [], userId: "u-bantochuc" });
        },
        async withdraw() {
          const [row] = rowsOf(
            await db().execute(
              sql`select class_id as "classId", person_id as "personId" from class_attendance where class_id in ${classes.map((c) => c.id)} order by (person_id * 7919 + ${Math.floor(next() * 1e6)}) % 1000003 limit 1`,
            ),
            z.object({ classId: z.number(), personId: z.number() }),
          );
          const cls = classes.find((c) => c.id === row?.classId);
          return cls ? updateAttendance({ trainingClass: cls, present: [], absent: [row!.personId], userId: "u-bantochuc" }) : null;
        },
        async move() {
          return movePerson({ actorId: "u-bantochuc", personId: pick(await audience()), cellId: pick(cells) });
        },
        async addPosition() {
          const [member] = rowsOf(
            await db()
              .execute(sql`select p.id, p.unit_id as "unitId" from person p join unit u on u.id = p.unit_id and u.kind = 'chi_bo' and u.closed_at is null
              where p.active order by (p.id * 7919 + ${Math.floor(next() * 1e6)}) % 1000003 limit 1`),
            z.object({ id: z.number(), unitId: z.number() }),
          );
          return addPosition({
            actorId: "u-bantochuc",
            personId: member!.id,
            position: pick(["chi_uy_vien", "pho_bi_thu_chi_bo", "bi_thu_chi_bo"] as const),
            unitId: member!.unitId,
          });
        },
        async endPosition() {
          const [held] = rowsOf(
            await db().execute(sql`select id, person_id as "personId" from person_position where ended_on is null and position <> 'dang_vien'
              order by (id * 7919 + ${Math.floor(next() * 1e6)}) % 1000003 limit 1`),
            z.object({ id: z.number(), personId: z.number() }),
          );
          await endPosition({ actorId: "u-bantochuc", personId: held!.personId, positionId: held!.id });
          // A position ended today still counts today: age the end by a day so the audience changes.
          return db().transaction(async (tx) => {
            await tx.execute(sql`update person_position set ended_on = ${today}::date - 1 where id = ${held!.id}`);
            await refreshPeopleFigures(tx, { personIds: [held!.personId] });
          });
        },
        async leaveOrReturn() {
          const personId = pick(await audience());
          await setPersonActive({ actorId: "u-bantochuc", personId, active: false });
          return next() < 0.5 ? setPersonActive({ actorId: "u-bantochuc", personId, active: true }) : null;
        },
        async roster() {
          imported += 1;
          const cellId = pick(cells);
          const [cell] = rowsOf(await db().execute(sql`select path from unit where id = ${cellId}`), z.object({ path: z.string() }));
          return commitRoster({
            scopePath: "/1/",
            actorScopes: ["/1/"],
            userId: "u-bantochuc",
            rows: [
              {
                line: 3,
                memberCode: `RX${String(imported).padStart(6, "0")}`,
                familyName: "Phạm",
                middleName: "Văn",
                givenName: `Thử ${cell!.path.length}`,
                gender: "nam",
                birthYear: 1975,
                phone: null,
                cellId,
                positions: [pick(["bi_thu_chi_bo", "chi_uy_vien"])],
              },
            ],
          });
        },
      };

      for (let batch = 1; batch <= BATCHES; batch++) {
        const done: string[] = [];
        for (let i = 0; i < WRITES_PER_BATCH; i++) {
          const name = pick(Object.keys(writes));
          await writes[name]!();
          done.push(name);
        }
        const label = `batch ${batch}: ${done.join(", ")}`;
        await expectEqualToRebuild(label);
        for (const campaign of campaigns) {
          const units = [1, pick(parents), pick(parents), pick(cells)];
          for (const id of new Set(units)) {
            const unit = (await getUnit(id))!;
            await expectDashboardLive(label, campaign, unit);
          }
        }
      }
      // The roll-up was never rebuilt whole in between: every batch tested the deltas.
      const [state] = rowsOf(
        await db().execute(sql`select count(*)::int as n from campaign_figure_state where built_on = ${today}::date`),
        z.object({ n: z.number() }),
      );
      expect(state!.n).toBe(campaigns.length);
      // The next day's whole-campaign refresh diffs too: positions ended today (moves) leave the audience.
      const tomorrow = addDays(today, 1);
      const before = await levelTwo(db());
      await db().transaction((tx) => refreshCellFigures(tx, { today: tomorrow }));
      expect(await levelTwo(db())).not.toEqual(before);
      await expectEqualToRebuild("next day", tomorrow);
    });
  });
}
