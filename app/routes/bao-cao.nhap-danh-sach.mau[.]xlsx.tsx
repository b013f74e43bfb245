import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUnitFor } from "~/auth/permissions.server";
import { rosterTemplate } from "~/completion/roster.server";
import { parseId } from "~/utils/ids";
import { xlsxResponse } from "~/utils/xlsx";

/** The roster template (Vietnamese headers, the cells of the user's unit and the positions). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { unit } = await requireUnitFor(request, "org.manage", parseId(new URL(request.url).searchParams.get("don-vi")));
  return xlsxResponse(await rosterTemplate({ scopePath: unit.path }), `mau-danh-sach-dang-vien-dv${unit.id}.xlsx`);
}
