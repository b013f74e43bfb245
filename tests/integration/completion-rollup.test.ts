import { z } from "zod";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { getCampaign, listCampaigns, updateCampaign } from "~/completion/campaigns.server";
import { getClass, listClasses, updateAttendance } from "~/completion/classes.server";
import { getDashboard, getBurnUp, getPositionFigures, getUnitFigures, listPeople } from "~/completion/figures.server";
import { ensureCampaignFigures, refreshCellFigures, refreshStaleCampaigns } from "~/completion/rollup.server";
import { commitRoster } from "~/completion/roster.server";
import { localDate } from "~/utils/dates";
import { addPosition, endPosition, movePerson, setPersonActive } from "~/org/people.server";
import { getUnit } from "~/org/units.server";
import { saveAnswer, startAttempt, submitAttempt, type QuestionSnapshot } from "~/quiz/engine.server";
import { dbTargets, useTestDatabase } from "../support/db";

const QUESTION: QuestionSnapshot = {
  id: "r-1",
  type: "single",
  stem: "Câu hỏi?",
  options: [
    { id: "a", text: "A" },
    { id: "b", text: "B" },
  ],
  correct: ["a"],
  topic: "vi-tri-vai-tro-chi-bo",
};

/**
 * The per-cell roll-up the dashboard reads must equal a from-scratch computation after every
 * kind of write it depends on (the writes refresh the cells they touch in their transaction).
 */
for (const target of dbTargets()) {
  describe(`completion roll-up on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    const db = () => handle.database.db;

    async function snapshot() {
      const figures = rowsOf(await db().execute(sql`select * from campaign_cell_figure order by campaign_id, position, cell_id`), z.object({}).passthrough());
      const days = rowsOf(
        await db().execute(sql`select campaign_id, cell_id, day::text, trained from campaign_cell_day order by campaign_id, cell_id, day`),
        z.object({}).passthrough(),
      );
      const untrained = rowsOf(await db().execute(sql`select * from campaign_untrained order by campaign_id, person_id`), z.object({}).passthrough());
      const subunitFigures = rowsOf(
        await db().execute(sql`select * from campaign_subunit_figure order by campaign_id, unit_id, position`),
        z.object({}).passthrough(),
      );
      const subunitDays = rowsOf(
        await db().execute(sql`select campaign_id, unit_id, day::text, trained from campaign_subunit_day order by campaign_id, unit_id, day`),
        z.object({}).passthrough(),
      );
      return { figures, days, untrained, subunitFigures, subunitDays };
    }

    /** The roll-up as it is, then as recomputed from scratch: they must be equal. */
    async function expectFresh(label: string) {
      const kept = await snapshot();
      await db().transaction((tx) => refreshCellFigures(tx, { fromScratch: true }));
      expect({ label, ...kept }).toEqual({ label, ...(await snapshot()) });
      return kept;
    }

    async function campaignIds() {
      return (await listCampaigns({ scopes: ["/1/"] })).map((c) => c.id);
    }

    async function untrainedOf(input: { campaignId: number; position: string }) {
      const [row] = rowsOf(
        await db().execute(sql`select cu.person_id as "personId", cu.cell_id as "cellId" from campaign_untrained cu
          join person_position pp on pp.person_id = cu.person_id and pp.ended_on is null and pp.position = ${input.position}
          where cu.campaign_id = ${input.campaignId} order by cu.person_id limit 1`),
        z.object({ personId: z.number(), cellId: z.number() }),
      );
      return row!;
    }

    it("stays equal to a from-scratch computation after each kind of write", async () => {
      const today = localDate(new Date());
      for (const campaignId of await campaignIds()) await ensureCampaignFigures({ campaignId, today });
      const initial = await expectFresh("built");
      expect(initial.figures.length).toBeGreaterThan(0);
      const [current] = (await listCampaigns({ scopes: ["/1/"] })).filter((c) => c.deadlineOn >= today);
      const campaign = (await getCampaign(current!.id))!;

      // Class attendance (in-person completion) added, then withdrawn.
      const cls = (await getClass((await listClasses({ scopes: ["/1/"] })).find((c) => c.startsOn >= campaign.startsOn && c.track === "B")!.id))!;
      const person = await untrainedOf({ campaignId: campaign.id, position: "bi_thu_chi_bo" });
      await updateAttendance({ trainingClass: cls, present: [person.personId], absent: [], userId: "u-bantochuc" });
      const attended = await expectFresh("attendance added");
      expect(attended.untrained).not.toEqual(initial.untrained);
      await updateAttendance({ trainingClass: cls, present: [], absent: [person.personId], userId: "u-bantochuc" });
      expect((await expectFresh("attendance removed")).untrained).toEqual(initial.untrained);

      // A final test passed online (quiz engine).
      const [learner] = rowsOf(await db().execute(sql`select person_id as "personId" from "user" where id = 'u-hocvien'`), z.object({ personId: z.number() }));
      await db().execute(sql`delete from training_completion where person_id = ${learner!.personId} and method = 'online'`);
      await db().transaction((tx) => refreshCellFigures(tx, { fromScratch: true }));
      const beforeQuiz = await snapshot();
      const started = await startAttempt({
        userId: "u-hocvien",
        quizKey: "final:B",
        questions: [QUESTION],
        timeLimitSeconds: null,
        graceSeconds: 30,
        maxAttempts: null,
        passPercent: 50,
      });
      if (!started.ok) throw new Error(started.message);
      expect(await saveAnswer({ attemptId: started.attemptId, userId: "u-hocvien", questionId: "r-1", selected: ["a"] })).toMatchObject({ ok: true });
      expect((await submitAttempt({ attemptId: started.attemptId, userId: "u-hocvien" }))?.passed).toBe(true);
      expect((await expectFresh("final test passed")).figures).not.toEqual(beforeQuiz.figures);

      // Admin: a move between cells, a position added and ended, a member leaving.
      const mover = await untrainedOf({ campaignId: campaign.id, position: "pho_bi_thu_chi_bo" });
      const [otherCell] = rowsOf(
        await db().execute(sql`select id from unit where kind = 'chi_bo' and id <> ${mover.cellId} and closed_at is null order by id limit 1`),
        z.object({ id: z.number() }),
      );
      expect(await movePerson({ actorId: "u-bantochuc", personId: mover.personId, cellId: otherCell!.id })).toEqual({ ok: true });
      await expectFresh("person moved");
      const [member] = rowsOf(
        await db().execute(sql`select p.id, p.unit_id as "unitId" from person p join unit u on u.id = p.unit_id and u.kind = 'chi_bo'
          where p.active and not exists (select 1 from person_position pp where pp.person_id = p.id and pp.ended_on is null and pp.position <> 'dang_vien') order by p.id limit 1`),
        z.object({ id: z.number(), unitId: z.number() }),
      );
      const beforePosition = await snapshot();
      expect(await addPosition({ actorId: "u-bantochuc", personId: member!.id, position: "chi_uy_vien", unitId: member!.unitId })).toEqual({ ok: true });
      expect((await expectFresh("position added")).figures).not.toEqual(beforePosition.figures);
      const [positionId] = rowsOf(
        await db().execute(sql`select id from person_position where person_id = ${member!.id} and position = 'chi_uy_vien' and ended_on is null`),
        z.object({ id: z.number() }),
      );
      expect(await endPosition({ actorId: "u-bantochuc", personId: member!.id, positionId: positionId!.id })).toEqual({ ok: true });
      await expectFresh("position ended");
      expect(await setPersonActive({ actorId: "u-bantochuc", personId: person.personId, active: false })).toEqual({ ok: true });
      await expectFresh("member left");

      // Roster import: a new cell secretary.
      const [cell] = rowsOf(
        await db().execute(sql`select id from unit where kind = 'chi_bo' and path like '/1/2/%' and closed_at is null order by id limit 1`),
        z.object({ id: z.number() }),
      );
      const imported = await commitRoster({
        scopePath: "/1/2/",
        actorScopes: ["/1/2/"],
        userId: "u-donvi",
        rows: [
          {
            line: 3,
            memberCode: "RU000001",
            familyName: "Lê",
            middleName: "Thị",
            givenName: "Hoa",
            gender: "nu",
            birthYear: 1980,
            phone: null,
            cellId: cell!.id,
            positions: ["chi_uy_vien"],
          },
        ],
      });
      expect(imported.ok).toBe(true);
      await expectFresh("roster imported");

      // Campaign edit: a target position dropped.
      const kept = campaign.positions.filter((p) => p.position !== "chi_uy_vien");
      await updateCampaign({
        campaignId: campaign.id,
        userId: "u-bantochuc",
        value: {
          name: campaign.name,
          legalBasis: campaign.legalBasis,
          organisingUnitId: campaign.organisingUnitId,
          targetPercent: campaign.targetPercent,
          startsOn: campaign.startsOn,
          deadlineOn: campaign.deadlineOn,
          acceptOnline: "on",
          acceptInPerson: "on",
          positions: kept.map((p) => `${p.position}:${p.track}`),
        },
      });
      await expectFresh("campaign edited");

      // And the dashboard read from it says what the live queries say.
      const root = (await getUnit(1))!;
      const updated = (await getCampaign(campaign.id))!;
      const dashboard = await getDashboard({
        campaign: updated,
        unit: root,
        children: { limit: 1000, offset: 0 },
        untrained: { untrainedOnly: true, limit: 20 },
        withCellPeople: false,
      });
      const live = await getUnitFigures({ campaign: updated, unit: root });
      expect(dashboard.figures).toEqual({
        ...live,
        childOffset: 0,
        childCount: live.children.length,
        atRisk: live.children.filter((c) => c.projection.atRisk).sort((a, b) => (a.projection.projectedPercent ?? 0) - (b.projection.projectedPercent ?? 0)),
      });
      expect(dashboard.positions).toEqual(await getPositionFigures({ campaign: updated, unit: root }));
      expect(dashboard.burnUp).toEqual(await getBurnUp({ campaign: updated, unit: root }));
      expect(dashboard.untrained).toEqual(await listPeople({ campaign: updated, unit: root, untrainedOnly: true, limit: 20 }));
    });

    it("rebuilds a campaign's roll-up on the first read of a new day", async () => {
      const [campaignId] = await campaignIds();
      await ensureCampaignFigures({ campaignId: campaignId!, today: "2000-01-01" });
      const [state] = rowsOf(
        await db().execute(sql`select built_on::text as "builtOn" from campaign_figure_state where campaign_id = ${campaignId}`),
        z.object({ builtOn: z.string() }),
      );
      expect(state!.builtOn).toBe("2000-01-01");
      const today = localDate(new Date());
      await ensureCampaignFigures({ campaignId: campaignId!, today });
      const [after] = rowsOf(
        await db().execute(sql`select built_on::text as "builtOn" from campaign_figure_state where campaign_id = ${campaignId}`),
        z.object({ builtOn: z.string() }),
      );
      expect(after!.builtOn).toBe(today);
      await expectFresh("rebuilt for today");
    });

    it("rebuilds the running campaigns of a new day in the background, and only those that are stale", async () => {
      const today = localDate(new Date());
      const all = rowsOf(
        await db().execute(sql`select id, deadline_on >= ${today}::date as running from campaign order by id`),
        z.object({ id: z.number(), running: z.boolean() }),
      );
      for (const { id } of all) await ensureCampaignFigures({ campaignId: id, today: "2000-01-01" });
      const running = all.filter((c) => c.running).map((c) => c.id);
      expect(running.length).toBeGreaterThan(0);
      expect(await refreshStaleCampaigns({ today })).toEqual(running);
      const states = rowsOf(
        await db().execute(sql`select campaign_id as id, built_on::text as "builtOn" from campaign_figure_state order by campaign_id`),
        z.object({ id: z.number(), builtOn: z.string() }),
      );
      expect(states).toEqual(all.map((c) => ({ id: c.id, builtOn: c.running ? today : "2000-01-01" })));
      // A second run the same day has nothing to do.
      expect(await refreshStaleCampaigns({ today })).toEqual([]);
    });
  });
}
