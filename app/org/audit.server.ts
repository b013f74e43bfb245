import { and, desc, eq, or, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/client.server";
import { auditLog, user } from "#db/schema";
import { describeOrgAudit, type AuditDescriber } from "./audit-labels";

export interface AuditEntry {
  actorId: string;
  action: string;
  entity: "unit" | "person" | "user" | "visit";
  entityId: string | number;
  before?: unknown;
  after?: unknown;
}

function auditRow(entry: AuditEntry) {
  return {
    actorId: entry.actorId,
    action: entry.action,
    entity: entry.entity,
    entityId: String(entry.entityId),
    before: entry.before ?? null,
    after: entry.after ?? null,
  };
}

/** Records a change; call inside the transaction that makes it, so both stand or fall together. */
export async function writeAudit(tx: Executor, entry: AuditEntry) {
  await tx.insert(auditLog).values(auditRow(entry));
}

/** Records many changes (an import) in a few statements; inside the transaction that makes them. */
export async function writeAudits(tx: Executor, entries: AuditEntry[]) {
  for (let i = 0; i < entries.length; i += 1000) await tx.insert(auditLog).values(entries.slice(i, i + 1000).map(auditRow));
}

/** The latest changes of some entities ("Nhật ký thay đổi"). */
/** The log of the targets, newest first, each entry described by its feature (`describe`; org's own by default). */
export async function listAudit(
  input: { targets: { entity: AuditEntry["entity"]; entityId: string | number }[]; limit?: number },
  describe: AuditDescriber = describeOrgAudit,
) {
  if (!input.targets.length) return [];
  const rows = await getDb()
    .select({
      id: auditLog.id,
      action: auditLog.action,
      before: auditLog.before,
      after: auditLog.after,
      createdAt: auditLog.createdAt,
      actorName: sql<string | null>`${user.displayName}`,
    })
    .from(auditLog)
    .leftJoin(user, eq(user.id, auditLog.actorId))
    .where(or(...input.targets.map((t) => and(eq(auditLog.entity, t.entity), eq(auditLog.entityId, String(t.entityId))))))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(input.limit ?? 20);
  // Only a summary reaches the page, not the stored before/after snapshots.
  return rows.map(({ before, after, ...row }) => ({ ...row, ...describe({ action: row.action, before, after }) }));
}
