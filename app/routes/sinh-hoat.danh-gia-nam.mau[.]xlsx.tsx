import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUnitFor } from "~/auth/permissions.server";
import { ratingTemplate } from "~/meetings/annual-ratings.server";
import { parseId } from "~/utils/ids";
import { xlsxResponse } from "~/utils/xlsx";

/** The annual ratings template: the ratings sheet, the cells of the unit ("Mã chi bộ") and the allowed ratings. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { unit } = await requireUnitFor(request, "meetings.record", parseId(new URL(request.url).searchParams.get("don-vi")));
  return xlsxResponse(await ratingTemplate({ scopePath: unit.path }), `mau-xep-loai-hang-nam-dv${unit.id}.xlsx`);
}
