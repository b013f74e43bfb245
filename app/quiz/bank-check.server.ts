import { getTracks, listModules } from "~/training/catalog.server";
import { checkBank } from "./bank.server";

/** The content:check entry for the question bank and quiz settings. */
export const questionBankCheck = {
  name: "Ngân hàng câu hỏi và cài đặt bài kiểm tra",
  async run(): Promise<string[]> {
    try {
      return checkBank({ moduleSlugs: listModules().map((m) => m.slug), tracks: getTracks() });
    } catch (error) {
      return [`không đọc được bài học/chương trình: ${error instanceof Error ? error.message : String(error)}`];
    }
  },
};
