import { requireId } from "~/utils/request.server";
import { requirePermission, forbidden, notFound } from "~/auth/permissions.server";
import { canManage, getContest, getContestParts } from "./contests.server";

/**
 * Who the user is for this contest: organiser (contest.manage on its unit), judge (assigned to
 * one of its rounds), contestant (registered, contest not a draft). None of them → 403.
 */
export async function requireContestAccess(request: Request, contestIdParam: string | undefined) {
  const user = await requirePermission(request, "contest.view");
  const contestId = requireId(contestIdParam);
  const contest = await getContest(contestId);
  if (!contest) notFound("Không tìm thấy hội thi.");
  const manager = canManage(user, contest);
  const { judge, contestantId } = await getContestParts({ contestId, userId: user.id, personId: user.personId, asContestant: contest.status !== "draft" });
  if (!manager && !judge && !contestantId) forbidden("Đồng chí không tham gia hội thi này.");
  return { user, contest, manager, judge, contestantId };
}

/** Organisers of this contest only. */
export async function requireContestManager(request: Request, contestIdParam: string | undefined) {
  const access = await requireContestAccess(request, contestIdParam);
  if (!access.manager) forbidden("Chỉ ban tổ chức hội thi được thực hiện thao tác này.");
  return access;
}
