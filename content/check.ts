/**
 * `npm run content:check`: validates all content (sources, modules, questions,
 * scenarios) and exits non-zero on any error. Each feature registers its check here.
 */
import { checkModules } from "../app/training/content-check.server";
import { checkScenarios } from "../app/practice/scenarios.server";
import { sourceFiles } from "./sources";
import { questionBankCheck } from "../app/quiz/bank-check.server";
import { checkCitations } from "../app/training/citation-check.server";

type Check = { name: string; run: () => Promise<string[]> };

const checks: Check[] = [
  {
    name: "Tài liệu nguồn",
    async run() {
      const files = sourceFiles();
      return files.length >= 8 ? [] : [`content/sources/ chỉ có ${files.length} tệp, cần 5 văn bản gốc và 3 bản tóm tắt`];
    },
  },
  { name: "Bài học (frontmatter, chương trình, khối Section, thành phần, nguồn, biên dịch MDX)", run: checkModules },
  { name: "Kịch bản luyện tập", run: async () => checkScenarios() },
  questionBankCheck,
  { name: "Trích dẫn trúng mục nguồn; không còn ký hiệu nội bộ, không xưng “bạn”", run: async () => checkCitations() },
];

let failed = 0;
for (const check of checks) {
  const errors = await check.run();
  if (errors.length) {
    failed += errors.length;
    console.log(`✗ ${check.name}: ${errors.length} lỗi`);
    for (const e of errors) console.log(`  - ${e}`);
  } else {
    console.log(`✓ ${check.name}`);
  }
}
if (failed) {
  console.log(`Nội dung có ${failed} lỗi.`);
  process.exit(1);
}
