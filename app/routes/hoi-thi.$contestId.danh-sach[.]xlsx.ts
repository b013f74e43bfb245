import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireContestManager } from "~/contest/access.server";
import { contestantsXlsx } from "~/contest/export.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest } = await requireContestManager(request, params.contestId);
  return contestantsXlsx({ contestId: contest.id, contestName: contest.name });
}
