import type { LoaderFunctionArgs } from "@remix-run/node";
import { forbidden } from "~/auth/permissions.server";
import { requireContestAccess } from "~/contest/access.server";
import { resultsXlsx } from "~/contest/export.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest, manager } = await requireContestAccess(request, params.contestId);
  if (!manager && contest.status !== "published") forbidden("Kết quả hội thi chưa được công bố.");
  return resultsXlsx({ contestId: contest.id, contestName: contest.name });
}
