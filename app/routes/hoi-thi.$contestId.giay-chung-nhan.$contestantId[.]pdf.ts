import type { LoaderFunctionArgs } from "@remix-run/node";
import { forbidden, notFound } from "~/auth/permissions.server";
import { requireContestAccess } from "~/contest/access.server";
import { renderCertificate } from "~/contest/certificate.server";
import { getPrizeWinner } from "~/contest/results.server";
import { requireId } from "~/utils/request.server";
import { localDate } from "~/utils/dates";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest, manager, contestantId: ownId } = await requireContestAccess(request, params.contestId);
  const contestantId = requireId(params.contestantId);
  if (!manager && contest.status !== "published") forbidden("Kết quả hội thi chưa được công bố.");
  // A certificate is the winner's own document: organisers issue any, a contestant downloads theirs.
  if (!manager && ownId !== contestantId) forbidden("Đồng chí chỉ tải được giấy chứng nhận của chính mình.");
  const winner = await getPrizeWinner({ contestId: contest.id, contestantId });
  if (!winner) notFound("Thí sinh này không đoạt giải.");
  const pdf = await renderCertificate({
    contestName: contest.name,
    organiserName: contest.unitName,
    fullName: winner.fullName,
    unitName: winner.unitName,
    prize: winner.prize,
    rank: winner.rank,
    issuedOn: localDate(contest.publishedAt ?? new Date()),
    signer: { capacity: contest.signerCapacity, title: contest.signerTitle, name: contest.signerName || "……………………" },
  });
  return new Response(pdf as unknown as BodyInit, {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="giay-chung-nhan-${contest.id}-${params.contestantId}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
