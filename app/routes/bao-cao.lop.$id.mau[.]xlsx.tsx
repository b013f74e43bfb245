import type { LoaderFunctionArgs } from "@remix-run/node";
import { attendanceTemplate, requireClassManager } from "~/completion/classes.server";

/** The class's attendance template: its checklist with a "Dự lớp" column to mark, read back by the class page's upload. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cls } = await requireClassManager(request, params);
  return new Response(await attendanceTemplate(cls), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="mau-diem-danh-lop-${cls.id}.xlsx"`,
      "Cache-Control": "private, no-store",
    },
  });
}
