import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { scopesOf } from "~/auth/permissions";
import { notFound, requirePermission } from "~/auth/permissions.server";
import { rosterTemplate } from "~/completion/roster.server";
import { getUnit } from "~/org/units.server";

/** The roster template (Vietnamese headers, the cells of the user's unit and the positions). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "org.manage");
  const requested = z.coerce.number().int().positive().optional().catch(undefined).parse(new URL(request.url).searchParams.get("don-vi") ?? undefined);
  const unitId = requested ?? user.grants.find((g) => g.unitPath === scopesOf(user, "org.manage")[0])?.unitId;
  if (!unitId) notFound("Không tìm thấy đơn vị.");
  await requirePermission(request, "org.manage", unitId);
  const unit = await getUnit(unitId);
  if (!unit) notFound("Không tìm thấy đơn vị.");
  return new Response(await rosterTemplate({ scopePath: unit.path }), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="mau-danh-sach-dang-vien-dv${unit.id}.xlsx"`,
      "Cache-Control": "private, no-store",
    },
  });
}
