import type { LoaderFunctionArgs } from "@remix-run/node";
import { forbidden, notFound } from "~/auth/permissions.server";
import { idParam, requireContestAccess } from "~/contest/access.server";
import { renderCertificate } from "~/contest/certificate.server";
import { getPrizeWinner } from "~/contest/results.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest, manager } = await requireContestAccess(request, params.contestId);
  if (!manager && contest.status !== "published") forbidden("Kết quả hội thi chưa được công bố.");
  const winner = await getPrizeWinner({ contestId: contest.id, contestantId: idParam(params.contestantId) });
  if (!winner) notFound("Thí sinh này không đoạt giải.");
  const pdf = await renderCertificate({
    contestName: contest.name,
    organiserName: contest.unitName,
    fullName: winner.fullName,
    unitName: winner.unitName,
    prize: winner.prize,
    rank: winner.rank,
    issuedOn: contest.publishedAt ?? new Date(),
  });
  return new Response(pdf as unknown as BodyInit, {
    headers: { "Content-Type": "application/pdf", "Content-Disposition": `inline; filename="giay-chung-nhan-${contest.id}-${params.contestantId}.pdf"`, "Cache-Control": "private, no-store" },
  });
}
