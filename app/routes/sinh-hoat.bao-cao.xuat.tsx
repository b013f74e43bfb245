import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { toCsv, toXlsx } from "~/completion/export.server";
import { requireMeetingReportContext } from "~/meetings/dashboard.server";
import { buildMeetingTable, meetingFileName, MeetingExportQuerySchema, meetingSubtitle } from "~/meetings/export.server";

/** Every table of the meetings dashboard as xlsx (A4 page setup) or CSV, authorized like the dashboard. */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireMeetingReportContext(request);
  const parsed = MeetingExportQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw data({ message: parsed.error.issues.map((i) => i.message).join(" ") }, { status: 400 });
  const table = await buildMeetingTable(ctx, parsed.data.bang);
  const format = parsed.data["dinh-dang"];
  const headers = { "Content-Disposition": `attachment; filename="${meetingFileName(ctx, parsed.data.bang, format)}"`, "Cache-Control": "private, no-store" };
  if (format === "csv") return new Response(toCsv(table), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
  return new Response(await toXlsx({ table, subtitle: meetingSubtitle(ctx) }), {
    headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  });
}
