/**
 * Full-text search over all modules, per section. The index is built once per
 * content version (the modules' hashes) from the modules' plain text.
 */
import { listModuleFiles } from "./catalog.server";
import { plainText, sectionBodies } from "./module-text";
import {
  containsAll,
  findAll,
  isWholeWord,
  mergeRanges,
  normalise,
  normaliseWithMap,
  queryWords,
  snippet,
  type NormalisedText,
  type SnippetPart,
} from "./search-text";

interface IndexedSection {
  slug: string;
  moduleTitle: string;
  sectionId: string;
  sectionTitle: string;
  text: string;
  normalised: NormalisedText;
  normalisedTitle: NormalisedText;
  /** title and body together: a section matches when every word occurs in either */
  normalisedAll: string;
}

interface SearchHit {
  slug: string;
  moduleTitle: string;
  sectionId: string;
  sectionTitle: string;
  titleParts: SnippetPart[];
  snippet: SnippetPart[];
}

let built: { version: string; sections: IndexedSection[] } | null = null;

function searchIndex() {
  const files = listModuleFiles();
  const version = files.map((f) => f.hash).join(",");
  if (built?.version === version) return built.sections;
  const sections: IndexedSection[] = [];
  for (const file of files) {
    const titles = new Map(file.frontmatter.sections.map((s) => [s.id, s.title]));
    for (const section of sectionBodies(file.body)) {
      const text = plainText(section.body);
      const sectionTitle = titles.get(section.id) ?? section.id;
      sections.push({
        slug: file.frontmatter.slug,
        moduleTitle: file.frontmatter.title,
        sectionId: section.id,
        sectionTitle,
        text,
        normalised: normaliseWithMap(text),
        normalisedTitle: normaliseWithMap(sectionTitle),
        normalisedAll: normalise(`${sectionTitle} ${text}`),
      });
    }
  }
  built = { version, sections };
  return sections;
}

const MAX_HITS = 30;

/** Sections containing every word of `query` (diacritics ignored), best first. */
export function searchModules(query: string): { hits: SearchHit[]; total: number } {
  const words = queryWords(query);
  if (!words.length) return { hits: [], total: 0 };
  const phrase = words.join(" ");
  const scored: { hit: SearchHit; score: number }[] = [];
  for (const section of searchIndex()) {
    if (!containsAll(section.normalisedAll, words)) continue;
    const ranges = findAll(section.normalised, words) ?? [];
    const titleRanges = findAll(section.normalisedTitle, words);
    const score = ranges.length + (titleRanges ? 20 : 0) + 10 * countPhrase(section.normalised.text, phrase);
    scored.push({
      score,
      hit: {
        slug: section.slug,
        moduleTitle: section.moduleTitle,
        sectionId: section.sectionId,
        sectionTitle: section.sectionTitle,
        titleParts: snippet(section.sectionTitle, titleRanges ?? partialRanges(section.normalisedTitle, words), 500),
        snippet: snippet(section.text, ranges.length ? ranges : partialRanges(section.normalised, words)),
      },
    });
  }
  scored.sort((a, b) => b.score - a.score);
  return { hits: scored.slice(0, MAX_HITS).map((s) => s.hit), total: scored.length };
}

/** Highlights the words that do occur (a section may match across its title and body). */
function partialRanges(text: NormalisedText, words: readonly string[]) {
  return mergeRanges(words.flatMap((w) => findAll(text, [w]) ?? []));
}

/** Whole-phrase occurrences (the query's words in order, adjacent). */
function countPhrase(text: string, phrase: string) {
  let n = 0;
  for (let at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + 1)) if (isWholeWord(text, at, phrase.length)) n++;
  return n;
}
