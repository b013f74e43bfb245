import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { notFound } from "~/auth/permissions.server";
import { requireReportContext } from "~/completion/dashboard.server";
import { toCsv, toXlsx } from "~/completion/export.server";
import { buildTable, ExportQuerySchema, fileNameOf, subtitleOf } from "~/completion/report.server";

/** Every dashboard table as xlsx or CSV, authorized like the dashboard itself. */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireReportContext(request);
  const parsed = ExportQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw data({ message: parsed.error.issues.map((i) => i.message).join(" ") }, { status: 400 });
  const { campaign } = ctx;
  if (!campaign) notFound("Chưa có chiến dịch nào.");
  const ready = { ...ctx, campaign };
  const table = await buildTable(ready, parsed.data.bang);
  const format = parsed.data["dinh-dang"];
  const fileName = fileNameOf(ready, parsed.data.bang, format);
  const headers = { "Content-Disposition": `attachment; filename="${fileName}"`, "Cache-Control": "private, no-store" };
  if (format === "csv") return new Response(toCsv(table), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
  return new Response(await toXlsx({ table, subtitle: subtitleOf(ready) }), {
    headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  });
}
