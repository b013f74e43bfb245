import { formatNumber, formatPercent } from "~/utils/format";
import { Link } from "@remix-run/react";
import { reportHref } from "./links";
import { STATUS_LABELS, type UnitStatus } from "./rules";
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
              <th key={c.header} scope="col" className={c.type === "text" ? undefined : "num"}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={r}>
              {row.map((value, i) => (
                <td key={i} className={table.columns[i]!.type === "text" ? undefined : "num"}>
                  {shown(value, table.columns[i]!.type)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** Export links of a report table (xlsx for people, CSV for programs: dot decimals), with an optional extra link. */
export function ExportLinks({
  path,
  query,
  table,
  extra,
}: {
  path: string;
  query: Record<string, string | number | undefined | null>;
  table: string;
  extra?: React.ReactNode;
}) {
  return (
    <p className="row small export-links">
      <span>Xuất bảng:</span>
      <a href={reportHref(path, query, { bang: table, "dinh-dang": "xlsx" })} download>
        Excel (.xlsx)
      </a>
      <a href={reportHref(path, query, { bang: table, "dinh-dang": "csv" })} download>
        CSV (dữ liệu cho phần mềm, số thập phân dùng dấu chấm)
      </a>
      {extra}
    </p>
  );
}

/** A table head whose column titles sort by their key (again: the other direction); the sorted one carries aria-sort. */
export function SortableHead(props: {
  columns: readonly { key: string; label: string; numeric: boolean }[];
  sort: string;
  direction: "tang" | "giam";
  href: (key: string, direction: "tang" | "giam") => string;
}) {
  return (
    <thead>
      <tr>
        {props.columns.map((c) => {
          const active = props.sort === c.key;
          const next = active && props.direction === "tang" ? "giam" : "tang";
          return (
            <th
              key={c.key}
              scope="col"
              className={c.numeric ? "num" : undefined}
              aria-sort={active ? (props.direction === "tang" ? "ascending" : "descending") : undefined}
            >
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
