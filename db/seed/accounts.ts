import { eq } from "drizzle-orm";
import type { Executor } from "../client.server";
import { person, personPosition, roleGrant, user } from "../schema";
import { fullName } from "../../app/org/names";
import { hashPassword } from "../../app/auth/password.server";
import type { SeededOrganisation } from "./organisation";
import { meetingsDemo } from "./meetings";

export const DEMO_PASSWORD = "Demo@2022";

/** One demo account per role (README lists them). */
export async function seedDemoAccounts(db: Executor, org: SeededOrganisation) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const office = org.membersByCell.get(org.officeCellId)!;
  // The learner is the secretary of the first cell of the second đảng bộ (Sở Y tế).
  const [learnerCell] = await db
    .select({ personId: personPosition.personId, unitId: personPosition.unitId })
    .from(personPosition)
    .where(eq(personPosition.position, "bi_thu_chi_bo"))
    .orderBy(personPosition.id)
    .offset(12)
    .limit(1);
  const judgeCell = org.membersByCell.get(org.cellIds[300]!)!;
  const accounts = [
    { id: "u-hocvien", username: "hocvien", personId: learnerCell!.personId, role: "learner", unitId: learnerCell!.unitId },
    { id: "u-giamkhao", username: "giamkhao", personId: judgeCell[4]!, role: "judge", unitId: org.rootId },
    { id: "u-hoithi", username: "hoithi", personId: office[1]!, role: "contest_organizer", unitId: org.rootId },
    { id: "u-bantochuc", username: "bantochuc", personId: office[2]!, role: "org_admin", unitId: org.rootId },
    { id: "u-donvi", username: "donvi", personId: org.membersByCell.get(org.cellIds[0]!)![5]!, role: "org_admin", unitId: org.dangBoIds[0]! },
    { id: "u-quantri", username: "quantri", personId: null, role: "sysadmin", unitId: org.rootId },
    // Sinh hoạt chi bộ (seed/meetings.ts): the secretary of one cell, and a cấp ủy viên of its đảng bộ assigned to attend it.
    { id: "u-bithu", username: "bithu", personId: meetingsDemo(org).secretaryPersonId, role: "learner", unitId: meetingsDemo(org).cellId },
    { id: "u-capuy", username: "capuy", personId: meetingsDemo(org).attendeePersonId, role: "learner", unitId: meetingsDemo(org).attendeeCellId },
  ] as const;
  for (const account of accounts) {
    let displayName = "Quản trị hệ thống";
    if (account.personId) {
      const [p] = await db.select().from(person).where(eq(person.id, account.personId));
      displayName = fullName(p!);
    }
    await db.insert(user).values({ id: account.id, username: account.username, passwordHash, personId: account.personId, displayName });
    await db.insert(roleGrant).values({ userId: account.id, role: account.role, unitId: account.unitId });
    // Everyone with a person record can also learn.
    if (account.personId && account.role !== "learner") {
      await db.insert(roleGrant).values({ userId: account.id, role: "learner", unitId: account.unitId });
    }
  }
  return accounts;
}
