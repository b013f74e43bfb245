import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { forbidden } from "~/auth/permissions.server";
import { requireContestAccess } from "~/contest/access.server";
import { listRounds } from "~/contest/contests.server";
import { getLeaderboard, getRoundLeaderboard, getRoundScoresFor, getUnitStandings, LEADERBOARD_PAGE_SIZE } from "~/contest/results.server";
import { contestHeader } from "~/contest/vocabulary";
import { Pager } from "~/contest/pager";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatNumber } from "~/utils/format";
import { pageParam } from "~/utils/request.server";
import { parseId } from "~/utils/ids";
import { localDate } from "~/utils/dates";
import { DocumentFooter, DocumentHeader } from "~/components/party-document";
import { documentNumber, placeAndDate } from "~/utils/party-document";
import { pageMeta } from "~/utils/meta";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest, manager, contestantId: ownContestantId } = await requireContestAccess(request, params.contestId);
  if (!manager && contest.status !== "published") forbidden("Kết quả hội thi chưa được công bố.");
  const url = new URL(request.url);
  const page = pageParam(url);
  const roundId = parseId(url.searchParams.get("vong"));
  const [rounds, board] = await Promise.all([listRounds(contest.id), getLeaderboard({ contestId: contest.id, page })]);
  const roundScores = await getRoundScoresFor({ contestantIds: board.rows.map((r) => r.contestantId) });
  const selectedRound = rounds.find((r) => r.id === roundId) ?? null;
  return {
    contest: {
      ...contestHeader(contest),
      published: contest.status === "published",
      // The printed results carry the organising committee's header and signature block.
      placeDate: placeAndDate(localDate(contest.publishedAt ?? new Date())),
      signer: { capacity: contest.signerCapacity, title: contest.signerTitle, name: contest.signerName || "……………………" },
    },
    manager,
    ownContestantId,
    rounds: rounds.map((r) => ({ id: r.id, name: r.name, weight: r.weight })),
    page,
    pages: Math.max(1, Math.ceil(board.total / LEADERBOARD_PAGE_SIZE)),
    total: board.total,
    rows: board.rows.map((r) => ({
      ...r,
      rounds: Object.fromEntries(roundScores.filter((s) => s.contestantId === r.contestantId).map((s) => [s.roundId, s.score])),
    })),
    selectedRound: selectedRound ? { id: selectedRound.id, name: selectedRound.name, rows: await getRoundLeaderboard({ roundId: selectedRound.id }) } : null,
    // The per-unit summary aggregates every contestant: its own view, not on every page of ranks.
    units: url.searchParams.get("xem") === "don-vi" ? await getUnitStandings(contest.id) : null,
  };
}

const score = (value: number | null | undefined) => (value === null || value === undefined ? "—" : formatNumber(Math.round(value * 100) / 100));

export default function ResultsPage() {
  const { contest, manager, ownContestantId, rounds, rows, page, pages, total, selectedRound, units } = useLoaderData<typeof loader>();
  return (
    <article className="stack results-page">
      <nav aria-label="Vị trí" className="breadcrumbs no-print">
        <ol>
          <li>
            <Link to={`/hoi-thi/${contest.id}`}>{contest.name}</Link>
          </li>
          <li aria-current="page">Kết quả</li>
        </ol>
      </nav>
      <div className="party-report print-only">
        <DocumentHeader superior={contest.unitName} issuer="Ban Tổ chức hội thi" number={documentNumber("TB")} placeDate={contest.placeDate} />
        <p className="document-kind">THÔNG BÁO</p>
      </div>
      <header>
        <h1>Kết quả {contest.name}</h1>
        <p className="muted">
          {contest.level} · {contest.unitName} · {contest.dates}
        </p>
        {!contest.published ? <p className="badge badge-warn">Chưa công bố: chỉ ban tổ chức xem được.</p> : null}
      </header>
      <p className="row no-print">
        <a href={`/hoi-thi/${contest.id}/ket-qua.xlsx`} className="button button-secondary" download>
          Xuất Excel (.xlsx)
        </a>
        <a href="#in" className="button button-secondary" onClick={(e) => (e.preventDefault(), window.print())}>
          In kết quả
        </a>
      </p>

      <section aria-labelledby="overall-title" className="stack">
        <h2 id="overall-title">Bảng xếp hạng chung ({formatNumber(total)} thí sinh)</h2>
        <div className="table-wrap">
          <table className="contest-wide">
            <thead>
              <tr>
                <th scope="col" className="num">
                  Hạng
                </th>
                <th scope="col">Họ và tên</th>
                <th scope="col">Đơn vị</th>
                {rounds.map((r) => (
                  <th scope="col" key={r.id} className="num">
                    {r.name} <span className="muted small">(×{formatNumber(r.weight)})</span>
                  </th>
                ))}
                <th scope="col" className="num">
                  Tổng điểm
                </th>
                <th scope="col">Giải</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.contestantId} className={r.contestantId === ownContestantId ? "own-row" : undefined}>
                  <td className="num">
                    {r.rank}
                    {r.tied ? <span className="muted small"> (đồng hạng)</span> : null}
                  </td>
                  <td>
                    {r.fullName}
                    {r.contestantId === ownContestantId ? <span className="badge badge-ok own-badge">Đồng chí</span> : null}
                  </td>
                  <td>{r.unitName}</td>
                  {rounds.map((round) => (
                    <td key={round.id} className="num">
                      {score(r.rounds[round.id])}
                    </td>
                  ))}
                  <td className="num">
                    <strong>{score(r.total)}</strong>
                  </td>
                  <td>
                    {r.prize ?? ""}
                    {r.prize && (manager || (contest.published && r.contestantId === ownContestantId)) ? (
                      <>
                        {" "}
                        <a href={`/hoi-thi/${contest.id}/giay-chung-nhan/${r.contestantId}.pdf`} className="no-print">
                          Giấy chứng nhận
                          <span className="visually-hidden"> của {r.fullName}</span>
                        </a>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pager page={page} pages={pages} className="row no-print" />
      </section>

      <section aria-labelledby="round-title" className="stack no-print">
        <h2 id="round-title">Xếp hạng từng vòng</h2>
        <p className="row">
          {rounds.map((r) => (
            <Link key={r.id} to={`?vong=${r.id}#round-title`} className={`button button-small ${selectedRound?.id === r.id ? "" : "button-secondary"}`}>
              {r.name}
            </Link>
          ))}
        </p>
        {selectedRound ? (
          <div className="table-wrap">
            <table className="contest-wide">
              <caption>{selectedRound.name}</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Hạng
                  </th>
                  <th scope="col">Họ và tên</th>
                  <th scope="col">Đơn vị</th>
                  <th scope="col" className="num">
                    Điểm
                  </th>
                </tr>
              </thead>
              <tbody>
                {selectedRound.rows.map((r) => (
                  <tr key={r.contestantId} className={r.contestantId === ownContestantId ? "own-row" : undefined}>
                    <td className="num">{r.rank}</td>
                    <td>
                      {r.fullName}
                      {r.contestantId === ownContestantId ? <span className="badge badge-ok own-badge">Đồng chí</span> : null}
                    </td>
                    <td>{r.unitName}</td>
                    <td className="num">{score(r.score)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      {units ? (
        <section aria-labelledby="unit-title" className="stack">
          <h2 id="unit-title">Theo đơn vị</h2>
          <div className="table-wrap">
            <table className="contest-wide">
              <thead>
                <tr>
                  <th scope="col">Tổ chức cơ sở đảng</th>
                  <th scope="col">Số thí sinh</th>
                  <th scope="col">Hạng cao nhất</th>
                  <th scope="col">Điểm trung bình</th>
                  <th scope="col">Số giải</th>
                </tr>
              </thead>
              <tbody>
                {units.map((u) => (
                  <tr key={u.unitId}>
                    <td>{u.unitName}</td>
                    <td>{u.contestants}</td>
                    <td>{u.bestRank}</td>
                    <td>{score(u.averageTotal)}</td>
                    <td>{u.prizes}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : (
        <p className="no-print">
          <Link to={`?xem=don-vi&trang=${page}#unit-title`}>Xem xếp hạng theo đơn vị (tổ chức cơ sở đảng)</Link>
        </p>
      )}
      <div className="party-report print-only">
        <DocumentFooter
          recipients={["Các tổ chức cơ sở đảng có thí sinh dự thi,", "Các thí sinh dự thi,", "Lưu Ban Tổ chức hội thi."]}
          capacity={contest.signer.capacity}
          title={contest.signer.title}
          signer={contest.signer.name}
        />
      </div>
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageMeta(`Kết quả · ${data?.contest.name ?? "Hội thi"}`, "Kết quả hội thi: hạng, điểm từng vòng và tổng điểm của thí sinh.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
