import { getPerson, updatePerson } from "~/org/people.server";

/** Renames a member through the person form's function (as Ban Tổ chức would), keeping the rest. */
export async function renamePerson(personId: number, name: { familyName: string; givenName: string }) {
  const person = await getPerson(personId);
  if (!person) throw new Error(`No person ${personId}`);
  return updatePerson({
    actorId: "u-bantochuc",
    personId,
    person: { memberCode: person.memberCode, ...name, middleName: "", phone: person.phone ?? undefined, email: person.email ?? undefined },
  });
}
