import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCellRecorder } from "~/meetings/access.server";
import { historyTemplate } from "~/meetings/history-import.server";
import { requireId } from "~/utils/request.server";

/** The meetings-history template of a cell, its current members listed (who may record its meetings). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cell } = await requireCellRecorder(request, requireId(params.cellId, "Không tìm thấy chi bộ."));
  return new Response(await historyTemplate(cell), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="mau-so-sinh-hoat-cb${cell.id}.xlsx"`,
      "Cache-Control": "private, no-store",
    },
  });
}
