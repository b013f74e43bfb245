/**
 * The demo contest's question set and situations: learner-facing text, kept apart from the seeding
 * code so that content:check can verify their citations without touching a database.
 */
import type { ImportedQuestion } from "../../app/contest/questions.server";

/** A knowledge-round question set (confidential in the app: only organisers see it before the round opens). */
export const CONTEST_QUESTIONS: ImportedQuestion[] = [
  {
    code: "HT-01",
    type: "single",
    stem: "Theo Điều lệ Đảng, chi bộ sinh hoạt thường kỳ bao lâu một lần?",
    options: [
      { id: "a", text: "Mỗi tuần một lần" },
      { id: "b", text: "Mỗi tháng một lần" },
      { id: "c", text: "Mỗi quý một lần" },
    ],
    correct: ["b"],
    explanation: "Theo Điều 24 Điều lệ Đảng, chi bộ và chi ủy họp thường lệ mỗi tháng một lần.",
    source: "tom-tat-dieu-le-dang.md §1(3)",
  },
  {
    code: "HT-02",
    type: "multiple",
    stem: "Sinh hoạt chi bộ phải bảo đảm những tính chất nào?",
    options: [
      { id: "a", text: "Tính lãnh đạo" },
      { id: "b", text: "Tính giáo dục" },
      { id: "c", text: "Tính chiến đấu" },
      { id: "d", text: "Tính hình thức" },
    ],
    correct: ["a", "b", "c"],
    explanation: "Ba tính chất: lãnh đạo, giáo dục, chiến đấu.",
    source: "001_0af4f9b4e6b8a21f.txt §II.1.1(1)",
  },
  {
    code: "HT-03",
    type: "single",
    stem: "Đề án 01-ĐA/ĐUK đặt chỉ tiêu tỷ lệ đảng viên dự sinh hoạt chi bộ là bao nhiêu?",
    options: [
      { id: "a", text: "Từ 85% trở lên" },
      { id: "b", text: "Từ 90% trở lên" },
      { id: "c", text: "Từ 95% trở lên" },
    ],
    correct: ["c"],
    explanation: "Đảng viên dự sinh hoạt đạt từ 95% trở lên.",
    source: "001_0af4f9b4e6b8a21f.txt §II.1.2(2)",
  },
  {
    code: "HT-04",
    type: "truefalse",
    stem: "Đảng viên dự bị có quyền biểu quyết trong sinh hoạt chi bộ.",
    options: [
      { id: "t", text: "Đúng" },
      { id: "f", text: "Sai" },
    ],
    correct: ["f"],
    explanation: "Theo Điều 3 Điều lệ Đảng, đảng viên dự bị không có quyền biểu quyết, ứng cử và bầu cử.",
    source: "tom-tat-dieu-le-dang.md §2(2)",
  },
  {
    code: "HT-05",
    type: "single",
    stem: "Chi bộ tổ chức sinh hoạt chuyên đề ít nhất bao lâu một lần?",
    options: [
      { id: "a", text: "Mỗi quý một lần" },
      { id: "b", text: "Mỗi năm một lần" },
      { id: "c", text: "Mỗi tháng một lần" },
    ],
    correct: ["a"],
    explanation: "Sinh hoạt chuyên đề ít nhất mỗi quý một lần.",
    source: "001_0af4f9b4e6b8a21f.txt §II.1.2(1)",
  },
  {
    code: "HT-06",
    type: "truefalse",
    stem: "Cấp ủy cấp trên dự sinh hoạt chi bộ phải báo trước cho chi bộ.",
    options: [
      { id: "t", text: "Đúng" },
      { id: "f", text: "Sai" },
    ],
    correct: ["f"],
    explanation: "Đề án yêu cầu dự sinh hoạt không báo trước.",
    source: "001_0af4f9b4e6b8a21f.txt §III.2(2)",
  },
];

/**
 * Situations for the situation round (confidential in the app: a contestant sees only the one
 * they draw). Scenario details are illustrative; every rule quoted is cited to its seed section.
 */
export const CONTEST_SITUATIONS: { title: string; body: string }[] = [
  {
    title: "Tỷ lệ đảng viên dự sinh hoạt không đạt yêu cầu",
    body: "Chi bộ của đồng chí có 20 đảng viên. Kỳ sinh hoạt tháng này chỉ có 17 đồng chí dự; trong số vắng mặt có một đồng chí vắng không có lý do.\n\nĐề án 01-ĐA/ĐUK ngày 01/4/2022 đặt mục tiêu: “Tỷ lệ đảng viên tại mỗi kỳ sinh hoạt chi bộ đạt từ 95% trở lên và không có đảng viên vắng mặt không có lý do hoặc vắng mặt quá 3 lần liên tiếp trong năm” (001_0af4f9b4e6b8a21f.txt §II.1.2(2)).\n\nLà bí thư chi bộ, đồng chí xử lý tình huống này thế nào trong kỳ sinh hoạt và sau kỳ sinh hoạt?",
  },
  {
    title: "Sinh hoạt chi bộ trượt sang bàn việc chuyên môn",
    body: "Cơ quan đang vào đợt cao điểm công việc. Dự thảo chương trình kỳ sinh hoạt do phó bí thư chuẩn bị chỉ gồm tiến độ công việc chuyên môn, không có kiểm điểm việc thực hiện nghị quyết tháng trước và tình hình tư tưởng đảng viên.\n\nKết luận 132-KL/ĐUK ngày 01/4/2014 chỉ ra tình trạng nội dung sinh hoạt “nặng về bàn việc chuyên môn, xem nhẹ công tác đảng” (000_cc7b9622c9bc6dfa.txt §I.2); Đề án 01-ĐA/ĐUK yêu cầu sinh hoạt chi bộ “đảm bảo được tính lãnh đạo, tính giáo dục, tính chiến đấu” (001_0af4f9b4e6b8a21f.txt §II.1.1(1)).\n\nĐồng chí điều chỉnh chương trình và điều hành kỳ sinh hoạt này thế nào?",
  },
  {
    title: "Cấp ủy cấp trên đến dự sinh hoạt không báo trước",
    body: "Kỳ sinh hoạt đang diễn ra thì một đồng chí đảng ủy viên đảng ủy cơ sở đến dự mà chi bộ không được báo trước. Một số đảng viên lúng túng, đề nghị tạm dừng để chuẩn bị lại nội dung.\n\nTheo Đề án 01-ĐA/ĐUK, cấp ủy viên đi dự sinh hoạt “không thông báo trước cho chi bộ biết việc đến dự sinh hoạt với chi bộ” (001_0af4f9b4e6b8a21f.txt §III.2(2)), và người dự “trực tiếp thẩm định và quyết định kết quả chấm điểm, xếp loại chất lượng sinh hoạt chi bộ” (001_0af4f9b4e6b8a21f.txt §III.4(2)).\n\nLà bí thư chi bộ, đồng chí xử lý thế nào?",
  },
  {
    title: "Nể nang trong tự phê bình và phê bình",
    body: "Khi kiểm điểm, các đảng viên chỉ nêu ưu điểm của nhau. Một đảng viên chậm hoàn thành nhiệm vụ chi bộ giao nhưng không ai góp ý; khi bí thư gợi ý, một số đồng chí cho rằng “góp ý sẽ mất đoàn kết”.\n\nKết luận 132-KL/ĐUK yêu cầu “thực hiện nghiêm nguyên tắc tự phê bình và phê bình, khắc phục tình trạng hữu khuynh, xuê xoa, nể nang trong sinh hoạt đảng” (000_cc7b9622c9bc6dfa.txt §II “Ba là”).\n\nĐồng chí làm gì để buổi kiểm điểm thực chất mà vẫn giữ đoàn kết?",
  },
];
