import { z } from "zod";
import { rebuildCampaignFigures } from "./rollup.server";
import { asc, desc, eq, sql } from "drizzle-orm";
import { getDb, rowsOf, type Executor } from "#db/client.server";
import { auditLog, campaign, campaignPosition, unit } from "#db/schema";
import type { CampaignInput } from "./schemas";

interface CampaignSummary {
  id: number;
  name: string;
  legalBasis: string;
  organisingUnitId: number;
  organisingUnitName: string;
  organisingUnitPath: string;
  targetPercent: number;
  startsOn: string;
  deadlineOn: string;
  acceptOnline: boolean;
  acceptInPerson: boolean;
}

const summaryColumns = {
  id: campaign.id,
  name: campaign.name,
  legalBasis: campaign.legalBasis,
  organisingUnitId: campaign.organisingUnitId,
  organisingUnitName: unit.name,
  organisingUnitPath: unit.path,
  targetPercent: campaign.targetPercent,
  startsOn: campaign.startsOn,
  deadlineOn: campaign.deadlineOn,
  acceptOnline: campaign.acceptOnline,
  acceptInPerson: campaign.acceptInPerson,
};

/**
 * Campaigns that concern a user's scopes: organised by an ancestor of a scope (they cover it)
 * or inside a scope. Newest deadline first.
 */
export async function listCampaigns(input: { scopes: string[] }): Promise<CampaignSummary[]> {
  if (!input.scopes.length) return [];
  const conditions = input.scopes.map((scope) => sql`(${scope} like ${unit.path} || '%' or ${unit.path} like ${scope} || '%')`);
  return getDb()
    .select(summaryColumns)
    .from(campaign)
    .innerJoin(unit, eq(unit.id, campaign.organisingUnitId))
    .where(sql.join(conditions, sql` or `))
    .orderBy(desc(campaign.deadlineOn), asc(campaign.id));
}

/** A campaign with its target positions, in one statement (every report page reads it). */
export async function getCampaign(campaignId: number) {
  const [row] = await getDb()
    .select({
      ...summaryColumns,
      positions: sql<{ position: string; track: string }[]>`coalesce((select json_agg(json_build_object('position', p.position, 'track', p.track)
        order by p.position) from ${campaignPosition} p where p.campaign_id = ${campaign.id}), '[]'::json)`,
    })
    .from(campaign)
    .innerJoin(unit, eq(unit.id, campaign.organisingUnitId))
    .where(eq(campaign.id, campaignId));
  return row ?? null;
}
export type Campaign = NonNullable<Awaited<ReturnType<typeof getCampaign>>>;

function positionRows(campaignId: number, positions: string[]) {
  return positions.map((p) => {
    const [position, track] = p.split(":");
    return { campaignId, position: position!, track: track! };
  });
}

function campaignValues(input: CampaignInput) {
  return {
    name: input.name,
    legalBasis: input.legalBasis,
    organisingUnitId: input.organisingUnitId,
    targetPercent: input.targetPercent,
    startsOn: input.startsOn,
    deadlineOn: input.deadlineOn,
    acceptOnline: input.acceptOnline === "on",
    acceptInPerson: input.acceptInPerson === "on",
  };
}

/** Creates a campaign with its positions, in one transaction, audited. */
export async function createCampaign(input: { value: CampaignInput; userId: string }) {
  return getDb().transaction(async (tx) => {
    const [row] = await tx.insert(campaign).values(campaignValues(input.value)).returning({ id: campaign.id });
    await tx.insert(campaignPosition).values(positionRows(row!.id, input.value.positions));
    await audit(tx, { userId: input.userId, action: "campaign.create", campaignId: row!.id, details: input.value });
    await rebuildCampaignFigures(tx, { campaignId: row!.id });
    return row!.id;
  });
}

export async function updateCampaign(input: { campaignId: number; value: CampaignInput; userId: string }) {
  await getDb().transaction(async (tx) => {
    await tx
      .update(campaign)
      .set({ ...campaignValues(input.value), updatedAt: new Date() })
      .where(eq(campaign.id, input.campaignId));
    await tx.delete(campaignPosition).where(eq(campaignPosition.campaignId, input.campaignId));
    await tx.insert(campaignPosition).values(positionRows(input.campaignId, input.value.positions));
    await audit(tx, { userId: input.userId, action: "campaign.update", campaignId: input.campaignId, details: input.value });
    await rebuildCampaignFigures(tx, { campaignId: input.campaignId });
  });
}

async function audit(tx: Executor, input: { userId: string; action: string; campaignId: number; details: unknown }) {
  await tx
    .insert(auditLog)
    .values({ actorId: input.userId, action: input.action, entity: "campaign", entityId: String(input.campaignId), after: input.details });
}

const OrganisingUnitsRowSchema = z.object({ id: z.number(), name: z.string(), depth: z.number() });

/** Units a user may pick as organiser (their scope roots and the units above the cells). */
export async function listOrganisingUnits(input: { scopes: string[] }) {
  if (!input.scopes.length) return [];
  const conditions = input.scopes.map((scope) => sql`${unit.path} like ${scope} || '%'`);
  return rowsOf(
    await getDb().execute(
      sql`select id, name, depth from unit where (${sql.join(conditions, sql` or `)}) and kind not in ('chi_bo') and closed_at is null order by path collate "C"`,
    ),
    OrganisingUnitsRowSchema,
  );
}
