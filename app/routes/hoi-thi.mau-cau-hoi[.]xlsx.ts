import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/permissions.server";
import { xlsxResponse } from "~/contest/export.server";
import { questionTemplateXlsx } from "~/contest/questions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "contest.manage");
  return xlsxResponse(await questionTemplateXlsx(), "mau-cau-hoi-hoi-thi.xlsx");
}
