import { sql } from "drizzle-orm";
import { index, integer, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { person, timestamps, unit } from "./org";

export const user = pgTable(
  "user",
  {
    id: text().primaryKey(),
    username: text().notNull(),
    passwordHash: text().notNull(),
    personId: integer().references(() => person.id),
    displayName: text().notNull(),
    disabledAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("user_username_idx").on(t.username),
    // Login matches names case-insensitively: this serves that lookup and keeps "An" and "an" one account.
    uniqueIndex("user_username_lower_idx").on(sql`lower(${t.username})`),
    uniqueIndex("user_person_idx").on(t.personId),
  ],
);

export const session = pgTable(
  "session",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    expiresAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("session_user_idx").on(t.userId)],
);

/** A role on a unit covers the unit's whole subtree. sysadmin grants sit on the root unit. */
export const roleGrant = pgTable(
  "role_grant",
  {
    id: serial().primaryKey(),
    userId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    role: text().notNull(),
    unitId: integer()
      .notNull()
      .references(() => unit.id),
    grantedBy: text().references(() => user.id),
    ...timestamps,
  },
  (t) => [uniqueIndex("role_grant_unique_idx").on(t.userId, t.role, t.unitId), index("role_grant_unit_idx").on(t.unitId)],
);

/**
 * Login failure counters, per account ("u:<username>") and per IP ("ip:<addr>").
 * Kept in the database so that several app servers share them.
 */
export const loginThrottle = pgTable("login_throttle", {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  lastFailureAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp({ withTimezone: true }),
});
