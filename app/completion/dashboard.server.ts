import { z } from "zod";
import { can, scopesOf, type SessionUser } from "~/auth/permissions";
import { forbidden, notFound, requirePermission } from "~/auth/permissions.server";
import { getUnitWithAncestors } from "~/org/units.server";
import { isCell } from "~/org/vocabulary";
import { getCampaign, listCampaigns } from "./campaigns.server";
import { localDate } from "~/utils/dates";
import { IdField, PageField } from "~/utils/ids";
import { cleanText } from "~/utils/request.server";

/** Query parameters shared by the dashboard, its exports and the printable report. */
const ReportQuerySchema = z.object({
  "chien-dich": IdField.optional().catch(undefined),
  "don-vi": IdField.optional().catch(undefined),
  // Text from a URL reaches SQL: control characters (NUL is a database error) are dropped.
  "chuc-vu": z.string().max(40).transform(cleanText).optional().catch(undefined),
  "sap-xep": z.enum(["ten", "doi-tuong", "da-tap-huan", "ty-le", "muon", "trang-thai"]).optional().catch(undefined),
  chieu: z.enum(["tang", "giam"]).optional().catch(undefined),
  trang: PageField.optional(),
  /** Page of the children table (its own parameter: the untrained list pages with `trang`). */
  "trang-don-vi": PageField.optional(),
});
type ReportQuery = z.infer<typeof ReportQuerySchema>;

function parseReportQuery(request: Request): ReportQuery {
  return ReportQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
}

/**
 * Authorizes a report request and resolves its campaign and unit: `report.view` on the unit
 * (default: the user's first scope), and the campaign must concern the user's scopes.
 */
export async function requireReportContext(request: Request) {
  const query = parseReportQuery(request);
  const { user, scopes, unit, ancestors } = await requireReportUnit(request, query["don-vi"]);
  const campaigns = await listCampaigns({ scopes });
  if (!campaigns.length) return { user, query, unit, campaigns, campaign: null, ancestors: [], scopes };
  const chosen = query["chien-dich"] ?? currentCampaignId(campaigns);
  if (!campaigns.some((c) => c.id === chosen)) notFound("Không tìm thấy chiến dịch.");
  const campaign = await getCampaign(chosen);
  if (!campaign) notFound("Không tìm thấy chiến dịch.");
  return { user, query, unit, campaigns, campaign, ancestors, scopes };
}

/**
 * The unit of a report (`report.view` on it; default: the user's first scope), for the training
 * and the meetings dashboards alike.
 */
export async function requireReportUnit(request: Request, unitId: number | undefined) {
  const user = await requirePermission(request, "report.view");
  const scopes = scopesOf(user, "report.view");
  const id = unitId ?? defaultUnitId(user, scopes);
  const found = await getUnitWithAncestors(id);
  if (!found) notFound("Không tìm thấy đơn vị.");
  if (!can(user, "report.view", found.unit.path)) forbidden();
  // Breadcrumbs only down from what the user may see.
  const ancestors = found.ancestors.filter((a) => scopes.some((s) => a.path.startsWith(s))).map(({ id, name, kind, path }) => ({ id, name, kind, path }));
  return { user, scopes, unit: { ...found.unit, isCell: isCell(found.unit.kind) }, ancestors };
}
export type ReportContext = Awaited<ReturnType<typeof requireReportContext>>;

function defaultUnitId(user: SessionUser, scopes: string[]) {
  const grant = user.grants.find((g) => g.unitPath === scopes[0]);
  if (!grant) forbidden();
  return grant.unitId;
}

/** The campaign running today (local date) with the nearest deadline, else the latest one. */
export function currentCampaignId(campaigns: { id: number; startsOn: string; deadlineOn: string }[]) {
  const today = localDate(new Date());
  const running = campaigns.filter((c) => c.startsOn <= today && c.deadlineOn >= today).sort((a, b) => a.deadlineOn.localeCompare(b.deadlineOn));
  return (running[0] ?? campaigns[0])!.id;
}
