/**
 * Vietnamese name ordering: by given name, then family name, then middle name,
 * with the Vietnamese alphabet (a ă â b c d đ e ê …) and tones as a secondary key.
 * `nameSortKey` turns that order into a plain ASCII string, so PostgreSQL can sort
 * and index it with the "C" collation on any server (PGlite has no ICU).
 */

const ALPHABET = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y f j w z".split(" ");
// Tones in dictionary order: ngang, huyền, hỏi, ngã, sắc, nặng.
const TONE_MARKS: Record<string, number> = { "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5 };

function letterCode(letter: string): string {
  const index = ALPHABET.indexOf(letter);
  if (index >= 0) return String.fromCharCode(97 + index); // a..
  if (/[0-9]/.test(letter)) return letter;
  return "~";
}

/** Primary (letters) and secondary (tones) keys of one word. */
function wordKeys(word: string): { primary: string; tones: string } {
  let primary = "";
  let tones = "";
  const lower = word.toLowerCase();
  for (const char of lower) {
    // Split the tone mark off but keep the vowel's own shape (ă, â, ê, ô, ơ, ư).
    const decomposed = char.normalize("NFD");
    let tone = 0;
    let base = "";
    for (const part of decomposed) {
      const mark = TONE_MARKS[part];
      if (mark !== undefined) tone = mark;
      else base += part;
    }
    const letter = base.normalize("NFC");
    if (letter === " ") continue;
    primary += letterCode(letter);
    tones += String(tone);
  }
  return { primary, tones };
}

export function nameSortKey(name: { givenName: string; familyName: string; middleName?: string }) {
  const parts = [name.givenName, name.familyName, name.middleName ?? ""].map(wordKeys);
  // Each part: letters, then its tones ("!" sorts before any letter, so "An" < "Anh" < "Ánh").
  return parts.map((p) => `${p.primary}!${p.tones}`).join(" ");
}

export function fullName(name: { givenName: string; familyName: string; middleName?: string | null }) {
  return [name.familyName, name.middleName, name.givenName].filter(Boolean).join(" ");
}

const collator = new Intl.Collator("vi", { sensitivity: "base" });

/** Sorts people in memory the same way (for short lists already loaded). */
export function compareNames(
  a: { givenName: string; familyName: string; middleName?: string | null },
  b: { givenName: string; familyName: string; middleName?: string | null },
) {
  const ka = nameSortKey({ ...a, middleName: a.middleName ?? "" });
  const kb = nameSortKey({ ...b, middleName: b.middleName ?? "" });
  return ka < kb ? -1 : ka > kb ? 1 : collator.compare(fullName(a), fullName(b));
}

/** Splits "Nguyễn Văn An" into family, middle and given names. */
export function splitFullName(full: string) {
  const words = full.trim().split(/\s+/).filter(Boolean);
  const familyName = words[0] ?? "";
  const givenName = words.length > 1 ? (words[words.length - 1] ?? "") : "";
  const middleName = words.slice(1, -1).join(" ");
  return { familyName, middleName, givenName };
}
