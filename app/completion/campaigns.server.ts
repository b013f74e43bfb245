import { asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, rowsOf, type Executor } from "#db/client.server";
import { auditLog, campaign, campaignPosition, unit } from "#db/schema";
import { DEFAULT_POSITION_TRACKS, TRACK_CODES } from "./rules";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TARGET_POSITIONS = Object.keys(DEFAULT_POSITION_TRACKS) as [keyof typeof DEFAULT_POSITION_TRACKS, ...(keyof typeof DEFAULT_POSITION_TRACKS)[]];

/** The campaign form: one "track of position X" field per position ('' = not targeted). */
export const CampaignSchema = z
  .object({
    name: z.string({ required_error: "Nhập tên chiến dịch." }).trim().min(3, "Tên chiến dịch quá ngắn.").max(200),
    legalBasis: z.string({ required_error: "Nhập căn cứ (văn bản)." }).trim().min(3, "Căn cứ quá ngắn.").max(300),
    organisingUnitId: z.coerce.number({ invalid_type_error: "Chọn đơn vị tổ chức." }).int().positive("Chọn đơn vị tổ chức."),
    targetPercent: z.coerce
      .number({ invalid_type_error: "Chỉ tiêu là một số từ 1 đến 100." })
      .int("Chỉ tiêu là một số nguyên.")
      .min(1, "Chỉ tiêu ít nhất 1%.")
      .max(100, "Chỉ tiêu nhiều nhất 100%."),
    startsOn: z.string({ required_error: "Chọn ngày bắt đầu." }).regex(DATE, "Ngày không hợp lệ."),
    deadlineOn: z.string({ required_error: "Chọn hạn hoàn thành." }).regex(DATE, "Ngày không hợp lệ."),
    acceptOnline: z.literal("on").optional(),
    acceptInPerson: z.literal("on").optional(),
    positions: z.array(z.string()).default([]),
  })
  .superRefine((value, ctx) => {
    if (value.deadlineOn < value.startsOn) ctx.addIssue({ code: "custom", path: ["deadlineOn"], message: "Hạn hoàn thành phải sau ngày bắt đầu." });
    if (!value.acceptOnline && !value.acceptInPerson)
      ctx.addIssue({ code: "custom", path: ["acceptOnline"], message: "Chọn ít nhất một hình thức được tính là đã tập huấn." });
    const parsed = value.positions.map((p) => PositionTrackSchema.safeParse(p));
    if (parsed.some((p) => !p.success)) ctx.addIssue({ code: "custom", path: ["positions"], message: "Chức vụ hoặc chương trình không hợp lệ." });
    else if (!value.positions.length) ctx.addIssue({ code: "custom", path: ["positions"], message: "Chọn ít nhất một chức vụ đối tượng." });
  });

/** "bi_thu_chi_bo:B" → position and track. */
const PositionTrackSchema = z
  .string()
  .transform((s) => s.split(":"))
  .pipe(z.tuple([z.enum(TARGET_POSITIONS), z.enum(TRACK_CODES)]));

export type CampaignInput = z.infer<typeof CampaignSchema>;

export interface CampaignSummary {
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

export async function getCampaign(campaignId: number) {
  const [row] = await getDb().select(summaryColumns).from(campaign).innerJoin(unit, eq(unit.id, campaign.organisingUnitId)).where(eq(campaign.id, campaignId));
  if (!row) return null;
  const positions = await getDb()
    .select({ position: campaignPosition.position, track: campaignPosition.track })
    .from(campaignPosition)
    .where(eq(campaignPosition.campaignId, campaignId))
    .orderBy(asc(campaignPosition.position));
  return { ...row, positions };
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
    return row!.id;
  });
}

export async function updateCampaign(input: { campaignId: number; value: CampaignInput; userId: string }) {
  await getDb().transaction(async (tx) => {
    await tx.update(campaign).set({ ...campaignValues(input.value), updatedAt: new Date() }).where(eq(campaign.id, input.campaignId));
    await tx.delete(campaignPosition).where(eq(campaignPosition.campaignId, input.campaignId));
    await tx.insert(campaignPosition).values(positionRows(input.campaignId, input.value.positions));
    await audit(tx, { userId: input.userId, action: "campaign.update", campaignId: input.campaignId, details: input.value });
  });
}

async function audit(tx: Executor, input: { userId: string; action: string; campaignId: number; details: unknown }) {
  await tx.insert(auditLog).values({ actorId: input.userId, action: input.action, entity: "campaign", entityId: String(input.campaignId), after: input.details });
}

/** Units a user may pick as organiser (their scope roots and the units above the cells). */
export async function listOrganisingUnits(input: { scopes: string[] }) {
  if (!input.scopes.length) return [];
  const conditions = input.scopes.map((scope) => sql`${unit.path} like ${scope} || '%'`);
  return rowsOf<{ id: number; name: string; depth: number }>(
    await getDb().execute(sql`select id, name, depth from unit where (${sql.join(conditions, sql` or `)}) and kind not in ('chi_bo') and closed_at is null order by path collate "C"`),
  );
}

