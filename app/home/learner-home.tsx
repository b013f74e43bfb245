import { Link } from "@remix-run/react";
import type { getLearnerHome } from "./next-steps.server";
import { ProgressBar } from "~/training/progress-bar";
import { NextStep } from "./next-step";
import { daysLeftLabel, TRACKS } from "~/completion/rules";
import { formatDay } from "~/utils/dates";
import { statusLabel } from "~/contest/vocabulary";
import { formatNumber } from "~/utils/format";

type LearnerHomeData = Awaited<ReturnType<typeof getLearnerHome>>;
// Loader data is serialized: the component receives the JSON shape of it.
type Json<T> = T extends Date ? string : T extends object ? { [K in keyof T]: Json<T[K]> } : T;

const MODULE_BADGE: Record<string, string> = { not_started: "badge", in_progress: "badge badge-warn", read: "badge badge-ok", completed: "badge badge-ok" };
const RATING_BADGE: Record<string, string> = { tot: "badge badge-ok", kha: "badge badge-ok", trung_binh: "badge badge-warn", kem: "badge badge-bad" };

const score = (value: number) => formatNumber(Math.round(value * 100) / 100);

/** The learner's home: where to continue, the campaign's deadline, and every part of their work at a glance. */
export function LearnerHome({ data }: { data: Json<LearnerHomeData> }) {
  const { next, campaign, tracks, quizSummary, practice, contests } = data;
  const openRounds = contests.filter((c) => c.openRoundId !== null);
  return (
    <div className="stack learner-home">
      {openRounds.map((c) => (
        <NextStep key={c.id} id={`round-open-${c.id}`} title="Vòng thi đang mở">
          <p>
            Vòng “{c.openRoundName}” của {c.name} đang mở cho đồng chí.
          </p>
          <p>
            <Link
              className="button"
              to={c.openRoundKind === "knowledge" ? `/hoi-thi/${c.id}/lam-bai/${c.openRoundId}` : `/hoi-thi/${c.id}/tinh-huong/${c.openRoundId}`}
            >
              Vào thi
            </Link>
          </p>
        </NextStep>
      ))}
      {next ? (
        <section className="card continue-card" aria-labelledby="continue-title">
          <h2 id="continue-title">Học tiếp từ chỗ đã dừng</h2>
          <p>{next.detail}</p>
          <p>
            <Link className="button" to={next.to}>
              {next.label}
            </Link>
          </p>
        </section>
      ) : (
        <p className="flash" role="status">
          Đồng chí đã đọc xong các chuyên đề và làm xong các bài kiểm tra đến hạn.
        </p>
      )}
      {campaign ? (
        <section className="card" aria-labelledby="deadline-title">
          <h2 id="deadline-title">
            {TRACKS[campaign.track as keyof typeof TRACKS] ?? campaign.track}: hạn {formatDay(campaign.deadlineOn)}
          </h2>
          <p>
            {campaign.name}.{" "}
            {campaign.trained ? (
              <span className="badge badge-ok">Đồng chí đã hoàn thành</span>
            ) : (
              <span className={campaign.daysLeft < 0 ? "badge badge-bad" : "badge badge-warn"}>Chưa hoàn thành, {daysLeftLabel(campaign.daysLeft)}</span>
            )}
          </p>
        </section>
      ) : null}
      <div className="cards">
        {tracks.map((t) => (
          <section key={t.id} className="card" aria-labelledby={`track-${t.id}`}>
            <h2 id={`track-${t.id}`}>{t.title}</h2>
            <ProgressBar
              percent={t.modules.length ? Math.round((t.done / t.modules.length) * 100) : 0}
              label={`Đã đọc xong ${t.done}/${t.modules.length} chuyên đề`}
            />
            <ol className="home-modules">
              {t.modules.map((m) => (
                <li key={m.slug}>
                  <Link to={`/hoc-tap/${m.slug}`}>{m.title}</Link> <span className={MODULE_BADGE[m.status] ?? "badge"}>{m.label}</span>
                </li>
              ))}
            </ol>
          </section>
        ))}
        <section className="card" aria-labelledby="quiz-summary-title">
          <h2 id="quiz-summary-title">Kiểm tra</h2>
          <p>
            Đã đạt {quizSummary.passed}/{quizSummary.total} bài kiểm tra.
          </p>
          {quizSummary.due.length ? (
            <>
              <p>Đến hạn làm (đã đọc xong chuyên đề):</p>
              <ul>
                {quizSummary.due.map((q) => (
                  <li key={q.slug}>
                    <Link to={`/kiem-tra/chuyen-de/${q.slug}`}>{q.title}</Link>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="muted">Chưa có bài kiểm tra nào đến hạn: bài kiểm tra của một chuyên đề đến hạn khi đồng chí đọc xong chuyên đề đó.</p>
          )}
          <p>
            <Link to="/kiem-tra">Tất cả bài kiểm tra</Link>
          </p>
        </section>
        <section className="card" aria-labelledby="practice-summary-title">
          <h2 id="practice-summary-title">Luyện tập</h2>
          <p>
            Đã luyện {practice.done}/{practice.total} tình huống.
          </p>
          {practice.items.length ? (
            <ul>
              {practice.items.map((p) => (
                <li key={p.id}>
                  {p.title}: <span className={RATING_BADGE[p.rating] ?? "badge"}>{p.ratingLabel}</span> <span className="muted small">({p.percent}%)</span>
                </li>
              ))}
            </ul>
          ) : null}
          <p>
            <Link to="/luyen-tap">Luyện tập điều hành sinh hoạt chi bộ</Link>
          </p>
        </section>
        {contests.length ? (
          <section className="card" aria-labelledby="contest-summary-title">
            <h2 id="contest-summary-title">Hội thi của đồng chí</h2>
            <ul>
              {contests.map((c) => (
                <li key={c.id}>
                  <Link to={`/hoi-thi/${c.id}`}>{c.name}</Link> <span className="badge">{statusLabel(c.status)}</span>
                  {c.rank !== null && c.total !== null ? (
                    <span>
                      {" "}
                      · Hạng {c.rank}, {score(c.total)} điểm{c.prize ? ` · ${c.prize}` : ""}
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
    </div>
  );
}
