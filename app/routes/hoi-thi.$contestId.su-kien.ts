import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireContestAccess } from "~/contest/access.server";
import { scoreboardStream } from "~/contest/scoreboard-stream.server";

/** The scoreboard's live updates (server-sent events), for whoever may see the contest. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest } = await requireContestAccess(request, params.contestId);
  return scoreboardStream({ contestId: contest.id, signal: request.signal });
}
