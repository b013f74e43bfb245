import { formatPercent } from "~/utils/format";
import { STATUS_LABELS, type UnitStatus } from "./rules";

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
