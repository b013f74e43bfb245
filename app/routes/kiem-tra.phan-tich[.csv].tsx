import type { LoaderFunctionArgs } from "@remix-run/node";
import { scopesOf } from "~/auth/permissions";
import { requirePermission } from "~/auth/permissions.server";
import { AnalysisFilterSchema, exportRows, itemAnalysis } from "~/quiz/analysis.server";
import { csvResponse } from "~/utils/csv";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "quiz.analyze");
  const filter = AnalysisFilterSchema.parse(new URL(request.url).searchParams.get("bai") ?? "all");
  const { items } = await itemAnalysis({ scopePaths: scopesOf(user, "quiz.analyze"), filter });
  const { header, rows } = exportRows(items);
  return csvResponse({ filename: "phan-tich-cau-hoi.csv", rows: [header, ...rows] });
}
