import { describe, expect, it } from "vitest";
import { compareNames, fullName, nameSortKey, splitFullName } from "~/org/names";

const people = [
  { familyName: "Nguyễn", middleName: "Văn", givenName: "Bình" },
  { familyName: "Trần", middleName: "Thị", givenName: "An" },
  { familyName: "Lê", middleName: "Thị", givenName: "Ánh" },
  { familyName: "Đỗ", middleName: "Văn", givenName: "An" },
  { familyName: "Phạm", middleName: "Thu", givenName: "Anh" },
  { familyName: "Dương", middleName: "Minh", givenName: "Đức" },
  { familyName: "Hoàng", middleName: "Văn", givenName: "Dũng" },
];

describe("Vietnamese name order", () => {
  it("sorts by given name first, then family name, with the Vietnamese alphabet", () => {
    const sorted = [...people].sort((a, b) => (nameSortKey(a) < nameSortKey(b) ? -1 : 1)).map(fullName);
    expect(sorted).toEqual([
      "Đỗ Văn An", // same given name: Đ sorts before T
      "Trần Thị An",
      "Phạm Thu Anh",
      "Lê Thị Ánh",
      "Nguyễn Văn Bình",
      "Hoàng Văn Dũng",
      "Dương Minh Đức",
    ]);
  });

  it("puts đ after d and ư after u, and tones after the letters", () => {
    expect(nameSortKey({ givenName: "Đức", familyName: "A" }) > nameSortKey({ givenName: "Dũng", familyName: "A" })).toBe(true);
    expect(nameSortKey({ givenName: "Ưng", familyName: "A" }) > nameSortKey({ givenName: "Uyên", familyName: "A" })).toBe(true);
    expect(nameSortKey({ givenName: "Anh", familyName: "A" }) < nameSortKey({ givenName: "Ánh", familyName: "A" })).toBe(true);
  });

  it("compareNames agrees with the sort key", () => {
    const a = people[1]!;
    const b = people[0]!;
    expect(compareNames(a, b)).toBeLessThan(0);
  });

  it("splits a full name into family, middle and given names", () => {
    expect(splitFullName("  Nguyễn Thị Minh Khai ")).toEqual({ familyName: "Nguyễn", middleName: "Thị Minh", givenName: "Khai" });
    expect(splitFullName("Lan")).toEqual({ familyName: "Lan", middleName: "", givenName: "" });
  });
});
