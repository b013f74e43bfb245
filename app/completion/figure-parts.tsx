import { formatNumber, formatPercent } from "~/utils/format";
import { Link } from "@remix-run/react";
import { reportHref } from "./links";
import { longDate, STATUS_LABELS, type UnitStatus } from "./rules";
import { cellText, type ReportTable } from "./tables";

const STATUS_CLASS: Record<UnitStatus, string> = { dat: "badge-ok", chua_dat: "badge-warn", qua_han: "badge-bad", khong_doi_tuong: "" };

export function StatusBadge({ status }: { status: UnitStatus }) {
  return <span className={`badge ${STATUS_CLASS[status]}`}>{STATUS_LABELS[status]}</span>;
}

export function Percent({ value }: { value: number | null }) {
  return <>{value === null ? "—" : formatPercent(value)}</>;
}

/** A progress bar with the target marked; the numbers are in the text beside it. */
export function ProgressBar({ value, target }: { value: number | null; target: number }) {
  return (
    <span className="progress completion-progress" aria-hidden="true">
      <span style={{ width: `${Math.min(100, value ?? 0)}%` }} />
      <i style={{ left: `${target}%` }} />
    </span>
  );
}

/** A horizontally scrollable table container that keyboard users can focus and scroll. */
export function TableWrap({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}

/** Options of a unit picker, indented by depth. */
export function UnitOptions({ units }: { units: { id: number; name: string; depth: number }[] }) {
  return (
    <>
      {units.map((u) => (
        <option key={u.id} value={u.id}>{`${"— ".repeat(u.depth)}${u.name}`}</option>
      ))}
    </>
  );
}

/** Numbers as people read them (1.423; 33,3); the CSV export keeps its own machine-readable form. */
function shown(value: string | number | null, type: ReportTable["columns"][number]["type"]) {
  return typeof value === "number" && (type === "int" || type === "percent") ? formatNumber(value) : cellText(value, type);
}

/** A report table as printed: caption, framed cells, numbers right-aligned. */
export function PrintTable({ table }: { table: ReportTable }) {
  return (
    <TableWrap label={table.title}>
      <table>
        <caption>{table.title}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c.header} scope="col" className={c.type === "text" ? undefined : "num"}>{c.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={r}>
              {row.map((value, i) => (
                <td key={i} className={table.columns[i]!.type === "text" ? undefined : "num"}>{shown(value, table.columns[i]!.type)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** Export links of a report table (xlsx and CSV of every row), with an optional extra link. */
export function ExportLinks({ path, query, table, extra }: { path: string; query: Record<string, string | number | undefined | null>; table: string; extra?: React.ReactNode }) {
  return (
    <p className="row small export-links">
      <span>Xuất bảng:</span>
      <a href={reportHref(path, query, { bang: table, "dinh-dang": "xlsx" })} download>Excel (.xlsx)</a>
      <a href={reportHref(path, query, { bang: table, "dinh-dang": "csv" })} download>CSV</a>
      {extra}
    </p>
  );
}

/** A table head whose column titles sort by their key (again: the other direction); the sorted one carries aria-sort. */
export function SortableHead(props: { columns: readonly { key: string; label: string; numeric: boolean }[]; sort: string; direction: "tang" | "giam"; href: (key: string, direction: "tang" | "giam") => string }) {
  return (
    <thead>
      <tr>
        {props.columns.map((c) => {
          const active = props.sort === c.key;
          const next = active && props.direction === "tang" ? "giam" : "tang";
          return (
            <th key={c.key} scope="col" className={c.numeric ? "num" : undefined} aria-sort={active ? (props.direction === "tang" ? "ascending" : "descending") : undefined}>
              <Link to={props.href(c.key, next)} preventScrollReset>
                {c.label}
                <span aria-hidden="true">{active ? (props.direction === "tang" ? " ▲" : " ▼") : ""}</span>
              </Link>
            </th>
          );
        })}
      </tr>
    </thead>
  );
}

/** The header block of a party report (domain.md §12): issuing body, "*", number; party name, place and date. */
export function ReportHead({ parent, unitName, place, date }: { parent: string | null; unitName: string; place: string; date: string }) {
  return (
    <header className="report-head">
      <div>
        {parent ? <p>{parent.toUpperCase()}</p> : null}
        <p><strong>{unitName.toUpperCase()}</strong></p>
        <p>*</p>
        <p>Số: ……-BC</p>
      </div>
      <div>
        <p className="party-name">ĐẢNG CỘNG SẢN VIỆT NAM</p>
        <p className="place-date">{place ? `${place}, ` : ""}{longDate(date)}</p>
      </div>
    </header>
  );
}

/** The foot of a party report (domain.md §12): "Nơi nhận:" bottom left, the signature block bottom right. */
export function ReportFoot({ recipients, capacity, title = "BÍ THƯ" }: { recipients: string[]; capacity: string; title?: string }) {
  return (
    <footer className="report-foot">
      <div className="recipients">
        <p><em><u>Nơi nhận:</u></em></p>
        {recipients.map((r) => <p key={r} className="small">{r}</p>)}
      </div>
      <div className="signature">
        <p><strong>{capacity}</strong></p>
        <p><strong>{title}</strong></p>
        <p className="signature-space" aria-hidden="true" />
        <p>……………………</p>
      </div>
    </footer>
  );
}
