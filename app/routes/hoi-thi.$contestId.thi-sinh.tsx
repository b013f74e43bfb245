import { getFormProps, getTextareaProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireContestManager } from "~/contest/access.server";
import { carryWinners, CONTESTANT_PAGE_SIZE, listContestants, registerContestants, removeContestant } from "~/contest/contests.server";
import { acceptNominations, declineNomination, groupByUnit, listPendingNominations } from "~/contest/nominations.server";
import { roundsEditable } from "~/contest/vocabulary";
import { Pager } from "~/contest/pager";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors, TextareaField } from "~/components/field";
import { fullName } from "~/org/names";
import { redirectWithFlash } from "~/utils/flash.server";
import { formatDate, formatNumber } from "~/utils/format";
import { pageParam, readForm } from "~/utils/request.server";
import { ContestantsActionSchema, RegisterContestantsSchema } from "~/contest/forms";
import { refuse } from "~/forms/command";
import { IntentField, replyMessages, useIntentForm, type IntentReply } from "~/forms/intent-form";
import { intentOf, invalidInput, refused } from "~/forms/replies.server";
import { pageMeta } from "~/utils/meta";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest } = await requireContestManager(request, params.contestId);
  const page = pageParam(new URL(request.url));
  const { rows, total } = await listContestants({ contestId: contest.id, page });
  const pending = await listPendingNominations(contest.id);
  return {
    contest: { id: contest.id, name: contest.name, level: contest.level },
    editable: roundsEditable(contest.status),
    page,
    pages: Math.max(1, Math.ceil(total / CONTESTANT_PAGE_SIZE)),
    total,
    rows: rows.map((r) => ({
      id: r.id,
      memberCode: r.memberCode,
      fullName: fullName(r),
      cellName: r.cellName,
      tccsName: r.tccsName,
      status: r.status,
      carried: r.fromContestId !== null,
    })),
    // Nominees are not contestants: listed apart, never in the total above.
    pendingCount: pending.length,
    nominations: groupByUnit(
      pending.map((n) => ({
        id: n.id,
        unitId: n.unitId,
        unitName: n.unitName,
        memberCode: n.memberCode,
        fullName: n.fullName,
        cellName: n.cellName,
        note: n.note,
        nominatedBy: n.nominatedByName ?? "",
        nominatedOn: formatDate(n.createdAt),
      })),
    ),
  };
}

function listCodes(codes: string[]) {
  return `${codes.slice(0, 20).join(", ")}${codes.length > 20 ? "…" : ""}`;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { contest, user } = await requireContestManager(request, params.contestId);
  const formData = await readForm(request);
  const intent = intentOf(formData);
  const submission = parseWithZod(formData, { schema: ContestantsActionSchema });
  if (submission.status !== "success") return invalidInput(intent, submission);
  const here = `/hoi-thi/${contest.id}/thi-sinh`;
  const value = submission.value;
  // A pending nomination can still be declined once the contest runs, so that the unit gets an answer.
  if (value.intent === "decline") {
    const result = await declineNomination({ contest, userId: user.id, nominationId: value.nominationId, reason: value.reason });
    if (!result.ok) return refused(intent, submission, result);
    return redirectWithFlash(request, here, "Đã không chấp nhận đề cử; đơn vị đề cử sẽ thấy lý do.");
  }
  if (!roundsEditable(contest.status)) {
    return refused(intent, submission, refuse("Chỉ đăng ký thí sinh trước khi hội thi bắt đầu."));
  }
  switch (value.intent) {
    case "register": {
      const result = await registerContestants({ contest, memberCodes: value.codes.split(/[\s,;]+/), userId: user.id });
      const unknown = result.unknown.length ? ` Không tìm thấy trong phạm vi hội thi: ${listCodes(result.unknown)}.` : "";
      const inactive = result.inactive.length ? ` Không còn sinh hoạt đảng, không đăng ký được: ${listCodes(result.inactive)}.` : "";
      if (!result.added) return refused(intent, submission, refuse(`Không đăng ký được thí sinh nào.${unknown}${inactive}`, "codes"));
      return redirectWithFlash(request, here, `Đã đăng ký ${result.added} thí sinh.${unknown}${inactive}`);
    }
    case "carry": {
      const added = await carryWinners({ contest, userId: user.id });
      return redirectWithFlash(request, here, `Đã chuyển ${added} người đoạt giải cấp cơ sở vào hội thi.`);
    }
    case "remove": {
      const result = await removeContestant({ contest, contestantId: value.contestantId });
      if (!result.ok) return refused(intent, submission, result);
      return redirectWithFlash(request, here, "Đã rút tên thí sinh.");
    }
    case "accept":
    case "acceptUnit": {
      const result = await acceptNominations(
        value.intent === "accept" ? { contest, userId: user.id, nominationIds: [value.nominationId] } : { contest, userId: user.id, unitId: value.unitId },
      );
      if (!result.ok) return refused(intent, submission, result);
      const notAccepted = result.refused.length ? ` Không chấp nhận được (không còn sinh hoạt trong đơn vị tổ chức): ${result.refused.join(", ")}.` : "";
      return redirectWithFlash(request, here, `Đã chấp nhận ${result.accepted} đề cử thành thí sinh.${notAccepted}`);
    }
  }
}

/** One-button and per-row forms: their refusals show above the lists. */
const ROW_INTENTS = ["carry", "remove", "accept", "acceptUnit", "decline"];

function RegisterForm({ reply }: { reply: IntentReply | undefined }) {
  const [form, fields] = useIntentForm("register", reply, RegisterContestantsSchema);
  return (
    <Form method="post" className="card form" {...getFormProps(form)}>
      <IntentField intent="register" />
      <FormErrors errors={form.errors} />
      <TextareaField
        label="Đăng ký theo mã đảng viên"
        hint="Mỗi dòng một mã; chỉ nhận đảng viên thuộc đơn vị tổ chức hội thi."
        rows={4}
        errors={fields.codes.errors}
        {...getTextareaProps(fields.codes)}
        id="ma-dang-vien"
      />
      <button type="submit">Đăng ký</button>
    </Form>
  );
}

export default function ContestantsPage() {
  const { contest, editable, rows, total, page, pages, pendingCount, nominations } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as IntentReply | undefined;
  return (
    <article className="stack">
      <nav aria-label="Vị trí" className="breadcrumbs">
        <ol>
          <li>
            <Link to={`/hoi-thi/${contest.id}`}>{contest.name}</Link>
          </li>
          <li aria-current="page">Thí sinh</li>
        </ol>
      </nav>
      <div className="spread">
        <h1>Thí sinh ({formatNumber(total)})</h1>
        <a href={`/hoi-thi/${contest.id}/danh-sach.xlsx`} className="button button-secondary" download>
          Xuất danh sách (.xlsx)
        </a>
      </div>
      <FormErrors errors={ROW_INTENTS.flatMap((intent) => replyMessages(reply, intent) ?? [])} />
      {editable ? (
        <div className="cards">
          <RegisterForm reply={reply} />
          {contest.level === "khoi" ? (
            <Form method="post" className="card form">
              <input type="hidden" name="intent" value="carry" />
              <p>Chuyển những người đoạt giải ở các hội thi cấp cơ sở (đã công bố kết quả) trong đơn vị vào hội thi này.</p>
              <button type="submit" className="secondary">
                Chuyển người đoạt giải cấp cơ sở
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}
      {pendingCount ? <PendingNominations groups={nominations} total={pendingCount} canAccept={editable} /> : null}
      <h2>Danh sách thí sinh</h2>
      <div className="table-wrap">
        <table className="contest-wide">
          <thead>
            <tr>
              <th scope="col">Mã đảng viên</th>
              <th scope="col">Họ và tên</th>
              <th scope="col">Chi bộ</th>
              <th scope="col">Tổ chức cơ sở đảng</th>
              <th scope="col">Trạng thái</th>
              {editable ? <th scope="col">Thao tác</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{r.memberCode}</td>
                <td>{r.fullName}</td>
                <td>{r.cellName}</td>
                <td>{r.tccsName}</td>
                <td>{r.carried ? "Đoạt giải cấp cơ sở" : "Đã đăng ký"}</td>
                {editable ? (
                  <td>
                    <div className="row">
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="contestantId" value={r.id} />
                        <button type="submit" className="button-small secondary" aria-label={`Rút tên ${r.fullName}`}>
                          Rút tên
                        </button>
                      </Form>
                    </div>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={page} pages={pages} />
    </article>
  );
}

type NominationGroups = ReturnType<typeof useLoaderData<typeof loader>>["nominations"];

/** Pending unit nominations, one table per nominating unit: accept one, all of a unit, or decline with a reason. */
function PendingNominations({ groups, total, canAccept }: { groups: NominationGroups; total: number; canAccept: boolean }) {
  return (
    <section className="stack" aria-labelledby="de-cu-cho-duyet">
      <h2 id="de-cu-cho-duyet">Đề cử chờ duyệt ({formatNumber(total)})</h2>
      <p className="muted small">Người được đề cử chưa là thí sinh cho đến khi ban tổ chức chấp nhận.</p>
      {groups.map((g) => (
        <section key={g.unitId} className="card stack" aria-labelledby={`de-cu-don-vi-${g.unitId}`}>
          <div className="spread">
            <h3 id={`de-cu-don-vi-${g.unitId}`}>
              {g.unitName} ({formatNumber(g.rows.length)})
            </h3>
            {canAccept ? (
              <Form method="post">
                <input type="hidden" name="intent" value="acceptUnit" />
                <input type="hidden" name="unitId" value={g.unitId} />
                <button type="submit" className="button-small">
                  Chấp nhận tất cả của đơn vị
                </button>
              </Form>
            ) : null}
          </div>
          <div className="table-wrap">
            <table className="contest-wide">
              <thead>
                <tr>
                  <th scope="col">Mã đảng viên</th>
                  <th scope="col">Họ và tên</th>
                  <th scope="col">Chi bộ</th>
                  <th scope="col">Đề cử</th>
                  <th scope="col">Thao tác</th>
                </tr>
              </thead>
              <tbody>
                {g.rows.map((n) => (
                  <tr key={n.id}>
                    <td>{n.memberCode}</td>
                    <td>{n.fullName}</td>
                    <td>{n.cellName}</td>
                    <td>
                      <span className="small">
                        {n.nominatedBy} · {n.nominatedOn}
                      </span>
                      {n.note ? <p className="small muted">Ghi chú: {n.note}</p> : null}
                    </td>
                    <td>
                      <div className="stack">
                        {canAccept ? (
                          <Form method="post">
                            <input type="hidden" name="intent" value="accept" />
                            <input type="hidden" name="nominationId" value={n.id} />
                            <button type="submit" className="button-small" aria-label={`Chấp nhận ${n.fullName}`}>
                              Chấp nhận
                            </button>
                          </Form>
                        ) : null}
                        <details>
                          <summary>Không chấp nhận…</summary>
                          <Form method="post" className="form">
                            <input type="hidden" name="intent" value="decline" />
                            <input type="hidden" name="nominationId" value={n.id} />
                            <div className="field">
                              <label htmlFor={`ly-do-${n.id}`}>Lý do (đơn vị đề cử sẽ thấy)</label>
                              <input id={`ly-do-${n.id}`} name="reason" required maxLength={1000} />
                            </div>
                            <button type="submit" className="button-small secondary" aria-label={`Không chấp nhận ${n.fullName}`}>
                              Xác nhận không chấp nhận
                            </button>
                          </Form>
                        </details>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </section>
  );
}

export const meta: MetaFunction = () => pageMeta("Thí sinh · Hội thi", "Danh sách thí sinh của hội thi, đơn vị và số báo danh.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
