import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { can, scopesOf } from "~/auth/permissions";
import { forbidden, notFound, requirePermission } from "~/auth/permissions.server";
import { listOrganisingUnits } from "~/completion/campaigns.server";
import { requireReportUnit } from "~/completion/dashboard.server";
import { TableWrap, UnitOptions } from "~/completion/figure-parts";
import { reportHref } from "~/completion/links";
import { localDate } from "~/utils/dates";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors } from "~/components/field";
import { refuse } from "~/forms/command";
import { IntentField, useIntentForm, type IntentReply } from "~/forms/intent-form";
import { intentOf, invalidInput, refused } from "~/forms/replies.server";
import { getCell, listOfficerCells } from "~/meetings/access.server";
import { ANNUAL_RATING_CODES, ANNUAL_RATING_SHORT, ANNUAL_RATINGS, FIRST_RATING_YEAR, type AnnualRating } from "~/meetings/annual-ratings";
import {
  annualTargets,
  importRatings,
  listCellRatings,
  listMemberRatings,
  parseRatingRows,
  refuseRatingLines,
  saveRatings,
} from "~/meetings/annual-ratings.server";
import { annualRatingsSchema, RatingsImportSchema } from "~/meetings/schemas";
import { TargetCard } from "~/meetings/dashboard-parts";
import { Pager } from "~/org/admin-ui";
import { IdField, PageField } from "~/utils/ids";
import { redirectWithFlash } from "~/utils/flash.server";
import { formatNumber } from "~/utils/format";
import { readFormOrUpload } from "~/utils/request.server";
import { MAX_UPLOAD_BYTES, readSheet } from "~/utils/sheets.server";
import { pageMeta } from "~/utils/meta";

const PATH = "/sinh-hoat/danh-gia-nam";
const CELL_PAGE_SIZE = 100;

const QuerySchema = z.object({
  nam: z.coerce.number().int().min(FIRST_RATING_YEAR).max(2100).optional().catch(undefined),
  "don-vi": IdField.optional().catch(undefined),
  "chi-bo": IdField.optional().catch(undefined),
  trang: PageField,
});

function currentYear() {
  return Number(localDate(new Date()).slice(0, 4));
}

function readQuery(request: Request) {
  const query = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const thisYear = currentYear();
  // Ratings are made at a year's end: by default the year just ended.
  const year = query.nam !== undefined && query.nam <= thisYear ? query.nam : thisYear - 1;
  const years = Array.from({ length: 10 }, (_, i) => thisYear - i).filter((y) => y >= FIRST_RATING_YEAR);
  if (!years.includes(year)) years.push(year);
  return { query, year, years };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "meetings.view");
  const { query, year, years } = readQuery(request);
  const page = query.trang;
  if (can(user, "report.view")) {
    // Ban Tổ chức: its subtree, as on the meetings dashboard.
    const { unit, scopes } = await requireReportUnit(request, query["don-vi"]);
    const [units, cells, targets] = await Promise.all([
      listOrganisingUnits({ scopes }),
      listCellRatings({ year, path: unit.path, belowDepth: unit.depth, limit: CELL_PAGE_SIZE, offset: (page - 1) * CELL_PAGE_SIZE }),
      annualTargets({ unit, year }),
    ]);
    let chosen = null;
    if (query["chi-bo"]) {
      const cell = await getCell(query["chi-bo"]);
      if (!cell || !cell.path.startsWith(unit.path)) notFound("Không tìm thấy chi bộ này trong đơn vị.");
      chosen = await cellWithMembers(cell.id, year);
    }
    return {
      editable: can(user, "meetings.record", unit.path),
      unit: { id: unit.id, name: unit.name },
      units,
      year,
      years,
      page,
      cells,
      targets,
      chosen,
      query: { nam: year, "don-vi": unit.id, "chi-bo": query["chi-bo"], trang: page > 1 ? page : undefined },
    };
  }
  // A cell's officers see their own cell's and members' ratings, read-only (as they see its register).
  const own = user.personId === null ? [] : await listOfficerCells(user.personId);
  if (!own.length) forbidden("Chỉ Ban Tổ chức cấp ủy và bí thư, phó bí thư, chi ủy viên của chi bộ được xem xếp loại hằng năm.");
  const cellId = query["chi-bo"] ?? own[0]!.id;
  if (!own.some((c) => c.id === cellId)) forbidden("Đồng chí chỉ xem được xếp loại của chi bộ mình.");
  const cells = await listCellRatings({ year, cellIds: own.map((c) => c.id), limit: CELL_PAGE_SIZE, offset: 0 });
  return {
    editable: false,
    unit: null,
    units: [],
    year,
    years,
    page: 1,
    cells,
    targets: [],
    chosen: await cellWithMembers(cellId, year),
    query: { nam: year, "chi-bo": cellId },
  };
}

async function cellWithMembers(cellId: number, year: number) {
  const [{ rows }, members] = await Promise.all([listCellRatings({ year, cellIds: [cellId], limit: 1, offset: 0 }), listMemberRatings({ cellId, year })]);
  return { cell: rows[0]!, members };
}

/** The page the forms came from (their action carries its query), for the redirect after saving. */
function backTo(request: Request, changes: Record<string, string | number | undefined> = {}) {
  const url = new URL(request.url);
  const query = Object.fromEntries([...url.searchParams].filter(([k]) => k !== "index"));
  return reportHref(PATH, query, changes);
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "meetings.record");
  const scopes = scopesOf(user, "meetings.record");
  const formData = await readFormOrUpload(request, { maxFileBytes: MAX_UPLOAD_BYTES });
  const lastYear = currentYear();
  if (intentOf(formData) === "import") {
    const submission = parseWithZod(formData, { schema: RatingsImportSchema });
    if (submission.status !== "success") return invalidInput("import", submission);
    const sheet = await readSheet(submission.value.file);
    if (!sheet.ok) return refused("import", submission, sheet);
    const parsed = parseRatingRows({ rows: sheet.rows, lines: sheet.lines, lastYear });
    if (parsed.errors.length)
      return refused("import", submission, refuseRatingLines("Tệp có lỗi; chưa nhập gì. Sửa các dòng sau rồi tải lên lại:", parsed.errors));
    if (!parsed.rows.length) return refused("import", submission, refuse("Tệp không có dòng xếp loại nào. Hãy dùng tệp mẫu."));
    const result = await importRatings({ rows: parsed.rows, scopes, userId: user.id });
    if (!result.ok) return refused("import", submission, result);
    const { cells, members, years } = result.counts;
    const part = (label: string, c: typeof cells) =>
      `${label}: ${formatNumber(c.added)} thêm mới, ${formatNumber(c.changed)} thay đổi, ${formatNumber(c.unchanged)} không đổi`;
    const message = `Đã nhập xếp loại năm ${years.join(", ")}. ${part("Chi bộ", cells)}. ${part("Đảng viên", members)}.`;
    return redirectWithFlash(request, backTo(request, { nam: years.at(-1), trang: undefined }), message);
  }
  const submission = parseWithZod(formData, { schema: annualRatingsSchema(lastYear) });
  const intent = intentOf(formData) === "members" ? "members" : "cells";
  if (submission.status !== "success") return invalidInput(intent, submission);
  const { year, ratings } = submission.value;
  const result = await saveRatings({
    subject: intent === "cells" ? "cell" : "person",
    year,
    rows: ratings.map((r) => ({ id: r.id, rating: r.rating })),
    scopes,
    userId: user.id,
  });
  if (!result.ok) return refused(intent, submission, result);
  const what = intent === "cells" ? "chi bộ" : "đảng viên";
  const message = result.changed
    ? `Đã lưu xếp loại năm ${year} của ${formatNumber(result.changed)} ${what}.`
    : `Không có thay đổi nào trong xếp loại năm ${year}.`;
  return redirectWithFlash(request, backTo(request), message);
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function ratingLabel(rating: AnnualRating | null) {
  return rating ? ANNUAL_RATINGS[rating] : "Chưa xếp loại";
}

/** One select per row; "(chưa xếp loại)" clears a rating. */
function RatingSelect({ name, value, label }: { name: string; value: AnnualRating | null; label: string }) {
  return (
    <select name={name} defaultValue={value ?? ""} aria-label={label} className="rating-select">
      <option value="">(chưa xếp loại)</option>
      {ANNUAL_RATING_CODES.map((code) => (
        <option key={code} value={code}>
          {ANNUAL_RATINGS[code]}
        </option>
      ))}
    </select>
  );
}

export default function AnnualRatingsPage() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as IntentReply | undefined;
  const self = reportHref(PATH, data.query);
  return (
    <section className="stack completion annual-ratings">
      <p>
        <Link to={data.unit ? reportHref("/sinh-hoat/bao-cao", { "don-vi": data.unit.id, ky: data.year }) : "/sinh-hoat"}>
          ‹ {data.unit ? "Báo cáo sinh hoạt chi bộ" : "Sinh hoạt chi bộ"}
        </Link>
      </p>
      <h1>Xếp loại hằng năm của chi bộ và đảng viên</h1>
      <p className="small muted">
        Kết quả đánh giá, xếp loại chất lượng hằng năm của chi bộ và đảng viên. Chỉ tiêu: “Hằng năm, số chi bộ xếp loại hoàn thành tốt nhiệm vụ trở lên đạt trên
        95%, đảng viên xếp loại hoàn thành tốt nhiệm vụ trở lên đạt trên 90%” (Đề án 01-ĐA/ĐUK, §II.1.2(5)). Mỗi thay đổi được ghi vào nhật ký và cập nhật ngay
        số liệu của <Link to="/sinh-hoat/bao-cao">báo cáo sinh hoạt chi bộ</Link>.
      </p>
      {/* Keyed: after a redirect to another year or unit, the pickers show it (defaultValue alone would keep the old one). */}
      <Form method="get" className="row campaign-picker" key={`${data.year}:${data.unit?.id}:${data.chosen?.cell.id}`}>
        <label htmlFor="nam">Năm</label>
        <select id="nam" name="nam" defaultValue={data.year}>
          {data.years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
        {data.unit ? (
          <>
            <label htmlFor="don-vi">Đơn vị</label>
            <select id="don-vi" name="don-vi" defaultValue={data.unit.id}>
              <UnitOptions units={data.units} />
            </select>
          </>
        ) : (
          <input type="hidden" name="chi-bo" value={data.chosen?.cell.id ?? ""} />
        )}
        <button type="submit" className="button-small">
          Xem
        </button>
      </Form>
      {data.targets.length ? (
        <section aria-labelledby="chi-tieu" className="card">
          <h2 id="chi-tieu">
            {data.unit?.name} · năm {data.year}
          </h2>
          <div className="target-grid">
            {data.targets.map((t) => (
              <TargetCard key={t.key} result={t} provisional={false} />
            ))}
          </div>
        </section>
      ) : null}
      <Cells data={data} self={self} reply={reply} />
      {data.chosen ? <Members data={data} self={self} reply={reply} /> : null}
      {data.editable ? <Upload data={data} self={self} reply={reply} /> : null}
    </section>
  );
}

interface RatingRow {
  id: number;
  rating: AnnualRating | null;
  /** The row's header cell: the name and what helps tell it apart. */
  head: React.ReactNode;
  /** The select's accessible name. */
  label: string;
}

/**
 * The table of ratings, one row per cell or member: read-only, or one select per row in a form
 * with one save button (works without JavaScript).
 */
function RatingsTable(props: {
  data: Data;
  self: string;
  intent: "cells" | "members";
  caption: string;
  nameHeader: string;
  rows: RatingRow[];
  reply: IntentReply | undefined;
  save: string;
}) {
  const { data } = props;
  const [form] = useIntentForm(props.intent, props.reply, annualRatingsSchema(data.year));
  // Only a stale or forged form gets here: its messages, each once, above the table.
  const errors = [...new Set(Object.values(form.allErrors).flat())];
  const table = (
    <TableWrap label={props.caption}>
      {/* One block per row on a phone: the name, then its select at full width. */}
      <table className="stack-sm">
        <thead>
          <tr>
            <th scope="col">{props.nameHeader}</th>
            <th scope="col">Xếp loại năm {data.year}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r, i) => (
            <tr key={r.id}>
              <th scope="row">{r.head}</th>
              <td>
                {data.editable ? (
                  <>
                    <input type="hidden" name={`ratings[${i}].id`} value={r.id} />
                    {/* Keyed by year and value: a select shows the stored rating after every save or import. */}
                    <RatingSelect key={`${data.year}:${r.rating}`} name={`ratings[${i}].rating`} value={r.rating} label={r.label} />
                  </>
                ) : (
                  ratingLabel(r.rating)
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
  if (!data.editable) return table;
  return (
    <Form method="post" action={props.self} className="stack" {...getFormProps(form)}>
      <IntentField intent={props.intent} />
      <input type="hidden" name="year" value={data.year} />
      <FormErrors errors={errors} />
      {table}
      <p>
        <button type="submit">{props.save}</button>
      </p>
    </Form>
  );
}

function Cells({ data, self, reply }: { data: Data; self: string; reply: IntentReply | undefined }) {
  const { cells } = data;
  const rows = cells.rows.map((c) => ({
    id: c.id,
    rating: c.rating,
    label: `Xếp loại ${c.name} năm ${data.year}`,
    head: (
      <>
        {c.name}
        {c.trail ? <span className="small muted"> · {c.trail}</span> : null}
        <br />
        <Link
          className="small"
          to={`${reportHref(PATH, data.query, { "chi-bo": c.id })}#dang-vien`}
          aria-current={data.chosen?.cell.id === c.id ? "true" : undefined}
        >
          Đảng viên: {formatNumber(c.membersRated)}/{formatNumber(c.members)} đã xếp loại
        </Link>
      </>
    ),
  }));
  return (
    <section aria-labelledby="chi-bo" className="stack">
      <h2 id="chi-bo">Chi bộ ({formatNumber(cells.total)})</h2>
      {cells.total > cells.rows.length ? (
        <p className="small muted">
          Hiển thị {formatNumber((data.page - 1) * CELL_PAGE_SIZE + 1)}–{formatNumber((data.page - 1) * CELL_PAGE_SIZE + cells.rows.length)} trong{" "}
          {formatNumber(cells.total)} chi bộ.
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p>Đơn vị không có chi bộ nào đang hoạt động.</p>
      ) : (
        <RatingsTable
          data={data}
          self={self}
          intent="cells"
          caption={`Xếp loại chi bộ năm ${data.year}`}
          nameHeader="Chi bộ"
          rows={rows}
          reply={reply}
          save="Lưu xếp loại chi bộ"
        />
      )}
      <Pager
        page={data.page}
        pageSize={CELL_PAGE_SIZE}
        total={cells.total}
        makeHref={(p) => reportHref(PATH, data.query, { trang: p, "chi-bo": undefined })}
        label="Trang danh sách chi bộ"
      />
    </section>
  );
}

function Members({ data, self, reply }: { data: Data; self: string; reply: IntentReply | undefined }) {
  const { cell, members } = data.chosen!;
  const rows = members.map((m) => ({
    id: m.id,
    rating: m.rating,
    label: `Xếp loại đồng chí ${m.name} năm ${data.year}`,
    head: (
      <>
        {m.name} <span className="small muted">{m.memberCode}</span>
        {m.active ? null : <span className="small muted"> (không còn sinh hoạt)</span>}
      </>
    ),
  }));
  return (
    <section aria-labelledby="dang-vien" className="stack">
      <h2 id="dang-vien">
        Đảng viên {cell.name} ({formatNumber(members.length)})
      </h2>
      <p>
        Xếp loại chi bộ năm {data.year}: <strong>{ratingLabel(cell.rating)}</strong>
      </p>
      {rows.length === 0 ? (
        <p>Chi bộ chưa có đảng viên.</p>
      ) : (
        <RatingsTable
          data={data}
          self={self}
          intent="members"
          caption={`Xếp loại đảng viên ${cell.name} năm ${data.year}`}
          nameHeader="Họ và tên"
          rows={rows}
          reply={reply}
          save="Lưu xếp loại đảng viên"
        />
      )}
    </section>
  );
}

function Upload({ data, self, reply }: { data: Data; self: string; reply: IntentReply | undefined }) {
  const [form, fields] = useIntentForm("import", reply, RatingsImportSchema);
  return (
    <section aria-labelledby="nhap-tep" className="card stack">
      <h2 id="nhap-tep">Nhập xếp loại các năm trước từ tệp</h2>
      <p>
        Tải{" "}
        <a href={reportHref(`${PATH}/mau.xlsx`, { "don-vi": data.unit?.id })} download>
          tệp mẫu (.xlsx)
        </a>
        , ghi mỗi chi bộ hoặc mỗi đảng viên một dòng: năm, mã chi bộ (trang “Mã chi bộ” của tệp mẫu) hoặc mã đảng viên, và xếp loại, rồi tải lên. Một tệp có thể
        gồm nhiều năm.
      </p>
      <p className="small muted">
        Xếp loại ghi đủ hoặc viết tắt: {ANNUAL_RATING_CODES.map((code) => `${ANNUAL_RATINGS[code]} (${ANNUAL_RATING_SHORT[code]})`).join("; ")}. Mọi dòng phải
        thuộc đơn vị đồng chí quản lý, nếu không cả tệp không được nhập. Nhập lại cùng một tệp không làm thay đổi gì. Tệp CSV lưu từ Excel hay LibreOffice Calc
        (UTF-8, Windows-1258) và tệp “Unicode text” (.txt) đều đọc được.
      </p>
      <Form method="post" action={self} encType="multipart/form-data" className="form" {...getFormProps(form)}>
        <IntentField intent="import" />
        <FormErrors errors={form.errors} />
        <Field
          label="Tệp xếp loại (.xlsx hoặc .csv)"
          errors={fields.file.errors}
          {...getInputProps(fields.file, { type: "file" })}
          accept=".xlsx,.csv,.txt"
          required
        />
        <p>
          <button type="submit">Nhập tệp</button>
        </p>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () =>
  pageMeta("Xếp loại hằng năm", "Xếp loại hằng năm của chi bộ và đảng viên theo Đề án 01-ĐA/ĐUK: ghi từng năm hoặc nhập các năm trước từ tệp Excel, CSV.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
