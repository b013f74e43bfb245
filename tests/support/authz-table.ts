import { ROLE_NAMES, type RoleName } from "./routes";

// Who may do what, route file by route file. A route missing here fails the test: a new route
// gets its row before it ships. Params are filled with the demo data (see `paramsFor`).
const ALL = ROLE_NAMES;
const SIGNED_IN = ROLE_NAMES.filter((r) => r !== "anonymous");
const NOBODY: RoleName[] = [];
const ORG_ADMINS: RoleName[] = ["bantochuc", "donvi", "quantri"];
const BLOC_ADMINS: RoleName[] = ["bantochuc", "quantri"];
const CONTEST_ORGANISERS: RoleName[] = ["hoithi", "quantri"];
const ANALYSTS: RoleName[] = ["hoithi", "bantochuc", "donvi", "quantri"];
// Registered in the bloc contest (hocvien) or carried into it from the grassroots one (thisinh1).
const BLOC_CONTESTANTS: RoleName[] = ["hocvien", "thisinh1"];
// The bloc contest's page: its contestants, its judge, its organisers.
const BLOC_VIEWERS: RoleName[] = ["hocvien", "giamkhao", "hoithi", "quantri", "thisinh1"];
// Track B (chi ủy viên level): everyone with a track-B position, and the sysadmin.
const TRACK_B: RoleName[] = ["hocvien", "giamkhao", "donvi", "quantri", "thisinh1"];

export interface Expectation {
  get?: readonly RoleName[];
  /** Allowed roles per intent ("" for an action without intents). */
  post?: Record<string, readonly RoleName[]>;
  /** Logging out answers every role with the login page: that is its success. */
  signsOut?: true;
}

const intents = (names: string[], roles: readonly RoleName[]) => Object.fromEntries(names.map((n) => [n, roles]));

export const MATRIX: Record<string, Expectation> = {
  _index: { get: ALL },
  $: { get: NOBODY, post: { "": NOBODY } },
  "bao-cao._index": { get: ORG_ADMINS },
  "bao-cao.chien-dich._index": { get: ORG_ADMINS },
  // Campaigns are organised by the bloc: donvi sees the list, not the bloc's campaign page.
  "bao-cao.chien-dich.$id": { get: BLOC_ADMINS, post: { "": BLOC_ADMINS } },
  "bao-cao.chien-dich.moi": { get: ORG_ADMINS, post: { "": ORG_ADMINS } },
  "bao-cao.in": { get: ORG_ADMINS },
  "bao-cao.lop._index": { get: ORG_ADMINS, post: { "": ORG_ADMINS } },
  // The demo classes are held outside donvi's đảng bộ.
  "bao-cao.lop.$id": { get: BLOC_ADMINS, post: intents(["checklist", "upload"], BLOC_ADMINS) },
  "bao-cao.lop.$id.mau[.]xlsx": { get: BLOC_ADMINS },
  "bao-cao.nhap-danh-sach": { get: ORG_ADMINS, post: intents(["commit", "preview"], ORG_ADMINS) },
  "bao-cao.nhap-danh-sach.mau[.]xlsx": { get: ORG_ADMINS },
  "bao-cao.xuat": { get: ORG_ADMINS },
  "dang-nhap": { get: ALL, post: { "": ALL } },
  "dang-xuat": { get: ALL, post: { "": ALL }, signsOut: true },
  "hoc-tap._index": { get: SIGNED_IN },
  "hoc-tap.$slug": { get: SIGNED_IN, post: intents(["mark", "unmark"], SIGNED_IN) },
  "hoc-tap.tim-kiem": { get: SIGNED_IN },
  "hoi-thi._index": { get: SIGNED_IN },
  "hoi-thi.$contestId._index": {
    get: BLOC_VIEWERS,
    post: intents(["addRound", "advance", "deleteRound", "freeze", "moveRound", "recompute", "reveal", "signer", "tieBreaks"], CONTEST_ORGANISERS),
  },
  "hoi-thi.$contestId.bang-diem": { get: BLOC_VIEWERS },
  // giamkhao is assigned to the bloc's situation round; nobody else judges it.
  "hoi-thi.$contestId.cham.$roundId": { get: ["giamkhao"], post: { "": ["giamkhao"] } },
  "hoi-thi.$contestId.danh-sach[.]xlsx": { get: CONTEST_ORGANISERS },
  // thisinh1's own certificate of the grassroots contest; donvi's đảng bộ organised that contest.
  "hoi-thi.$contestId.giay-chung-nhan.$contestantId[.]pdf": { get: [...CONTEST_ORGANISERS, "donvi", "thisinh1"] },
  "hoi-thi.$contestId.ket-qua": { get: CONTEST_ORGANISERS },
  "hoi-thi.$contestId.ket-qua[.]xlsx": { get: CONTEST_ORGANISERS },
  // "save" reaches the engine, whose upsert is scoped to the signed-in owner of the attempt.
  "hoi-thi.$contestId.lam-bai.$roundId": { get: BLOC_CONTESTANTS, post: { save: SIGNED_IN, start: BLOC_CONTESTANTS, submit: BLOC_CONTESTANTS } },
  "hoi-thi.$contestId.nhat-ky": { get: CONTEST_ORGANISERS },
  "hoi-thi.$contestId.su-kien": { get: BLOC_VIEWERS },
  "hoi-thi.$contestId.thi-sinh": {
    get: CONTEST_ORGANISERS,
    post: intents(["accept", "acceptUnit", "carry", "decline", "register", "remove"], CONTEST_ORGANISERS),
  },
  "hoi-thi.$contestId.tinh-huong.$roundId": { get: BLOC_CONTESTANTS, post: intents(["draw", "save", "submit"], BLOC_CONTESTANTS) },
  "hoi-thi.$contestId.vong.$roundId": {
    get: CONTEST_ORGANISERS,
    post: intents(
      [
        "addCriterion",
        "addSituation",
        "assignJudge",
        "assignSituation",
        "changeKey",
        "close",
        "confirm",
        "deleteCriterion",
        "deleteSituation",
        "editRound",
        "editSituation",
        "import",
        "open",
        "paperEntry",
        "reopen",
        "unassignJudge",
        "unassignSituation",
      ],
      CONTEST_ORGANISERS,
    ),
  },
  "hoi-thi.de-cu._index": { get: ["hoithi", "bantochuc", "donvi", "quantri"] },
  // Nominations come from a unit below the organiser: only donvi's đảng bộ is below the bloc.
  "hoi-thi.de-cu.$contestId": { get: ["donvi"], post: intents(["nominate", "withdraw"], ["donvi"]) },
  // donvi organises its own đảng bộ's contests (a contest_organizer grant there).
  "hoi-thi.mau-cau-hoi[.]xlsx": { get: [...CONTEST_ORGANISERS, "donvi"] },
  "hoi-thi.tao-moi": { get: [...CONTEST_ORGANISERS, "donvi"], post: { "": [...CONTEST_ORGANISERS, "donvi"] } },
  "kiem-tra._index": { get: SIGNED_IN },
  "kiem-tra.bai.$attemptId._index": { get: ["hocvien"], post: intents(["save-all", "submit"], ["hocvien"]) },
  "kiem-tra.bai.$attemptId.ket-qua": { get: ["hocvien"] },
  "kiem-tra.chuyen-de.$slug": { get: SIGNED_IN, post: { "": SIGNED_IN } },
  "kiem-tra.cuoi-khoa.$track": { get: TRACK_B, post: { "": TRACK_B } },
  "kiem-tra.gia-han": { get: ANALYSTS, post: { "": ANALYSTS } },
  "kiem-tra.phan-tich": { get: ANALYSTS },
  "kiem-tra.phan-tich[.csv]": { get: ANALYSTS },
  "kiem-tra.phan-tich[.xlsx]": { get: ANALYSTS },
  "luyen-tap._index": { get: SIGNED_IN, post: { "": SIGNED_IN } },
  "luyen-tap.lan.$runId": { get: ["hocvien"], post: intents(["choose", "draft"], ["hocvien"]) },
  "luyen-tap.thong-ke": { get: ANALYSTS },
  "nguon.$file": { get: SIGNED_IN },
  "quan-tri._index": { get: ORG_ADMINS },
  "quan-tri.don-vi.$unitId": {
    get: ORG_ADMINS,
    post: intents(["add-person", "close-unit", "create-unit", "move-unit", "rename-unit", "reopen-unit"], ORG_ADMINS),
  },
  "quan-tri.nguoi.$personId": {
    get: ORG_ADMINS,
    post: intents(
      [
        "add-position",
        "create-account",
        "deactivate-person",
        "disable-account",
        "enable-account",
        "end-position",
        "grant-role",
        "move-person",
        "reactivate-person",
        "reset-password",
        "revoke-role",
        "update-person",
      ],
      ORG_ADMINS,
    ),
  },
  "quan-tri.tai-khoan": { get: ["quantri"] },
  // Sinh hoạt chi bộ: everyone signed in opens the area (it lists what their positions and
  // assignments allow); the cell's register is its officers' and the Ban Tổ chức above it
  // (the cell is bithu's, inside donvi's đảng bộ); visits are the assigned attendee's alone.
  "sinh-hoat._index": { get: SIGNED_IN },
  "sinh-hoat.bao-cao._index": { get: ORG_ADMINS },
  "sinh-hoat.bao-cao.in": { get: ORG_ADMINS },
  "sinh-hoat.bao-cao.xuat": { get: ORG_ADMINS },
  // Annual ratings: Ban Tổ chức over its subtree; a cell's officers read their own cell's (hocvien and
  // thisinh1 are bí thư of chi bộ, hoithi a cấp ủy viên of the bloc office's chi bộ cơ sở). Only Ban Tổ chức writes.
  "sinh-hoat.danh-gia-nam": { get: [...ORG_ADMINS, "hocvien", "thisinh1", "hoithi"], post: intents(["cells", "import", "members"], ORG_ADMINS) },
  "sinh-hoat.danh-gia-nam.mau[.]xlsx": { get: ORG_ADMINS },
  "sinh-hoat.chi-bo.$cellId._index": { get: ORG_ADMINS, post: intents(["postpone", "schedule"], ORG_ADMINS) },
  "sinh-hoat.chi-bo.$cellId.bien-ban": { get: ORG_ADMINS, post: intents(["record", "self"], ORG_ADMINS) },
  "sinh-hoat.chi-bo.$cellId.nhap": { get: ORG_ADMINS, post: intents(["upload"], ORG_ADMINS) },
  "sinh-hoat.chi-bo.$cellId.nhap.mau[.]xlsx": { get: ORG_ADMINS },
  // A person's own assignments; the sysadmin account has no member record to be assigned.
  "sinh-hoat.du-sinh-hoat._index": { get: SIGNED_IN.filter((r) => r !== "quantri") },
  // capuy is the one assigned to bithu's cell: none of these accounts may visit it.
  "sinh-hoat.du-sinh-hoat.$cellId": { get: NOBODY, post: intents(["file", "save"], NOBODY) },
  "sinh-hoat.phan-cong": { get: ORG_ADMINS, post: intents(["assign", "end"], ORG_ADMINS) },
  "sinh-hoat.so-ket": { get: ORG_ADMINS },
  "tai-khoan": { get: SIGNED_IN, post: { "": SIGNED_IN } },
};

/** The roles that may GET (or POST `intent` to) `file`, per the table. */
export function allowedRoles(file: string, method: "GET" | "POST", intent = ""): readonly RoleName[] {
  const row = MATRIX[file];
  return (method === "GET" ? row?.get : row?.post?.[intent]) ?? [];
}
