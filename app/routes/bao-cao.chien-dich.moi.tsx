import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { scopesOf } from "~/auth/permissions";
import { requirePermission } from "~/auth/permissions.server";
import { CampaignForm } from "~/completion/campaign-form";
import { createCampaign, listOrganisingUnits } from "~/completion/campaigns.server";
import { DEFAULT_POSITION_TRACKS } from "~/completion/rules";
import { localDate } from "~/utils/dates";
import { CampaignSchema } from "~/completion/schemas";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { invalidInput } from "~/forms/replies.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { readForm } from "~/utils/request.server";
import { pageMeta } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "org.manage");
  return { units: await listOrganisingUnits({ scopes: scopesOf(user, "org.manage") }), today: localDate(new Date()) };
}

/** The page's one form; its replies come back under this name. */
const CAMPAIGN_FORM = "tao-chien-dich";

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "org.manage");
  const submission = parseWithZod(await readForm(request), { schema: CampaignSchema });
  if (submission.status !== "success") return invalidInput(CAMPAIGN_FORM, submission);
  await requirePermission(request, "org.manage", submission.value.organisingUnitId);
  const id = await createCampaign({ value: submission.value, userId: user.id });
  return redirectWithFlash(request, `/bao-cao?chien-dich=${id}`, "Đã tạo chiến dịch.");
}

export default function NewCampaignPage() {
  const { units, today } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <section className="stack completion">
      <p>
        <Link to="/bao-cao/chien-dich">‹ Chiến dịch tập huấn</Link>
      </p>
      <h1>Tạo chiến dịch tập huấn</h1>
      <CampaignForm
        intent={CAMPAIGN_FORM}
        reply={reply}
        units={units}
        submitLabel="Tạo chiến dịch"
        defaults={{
          name: "",
          legalBasis: "",
          organisingUnitId: units[0]?.id ?? 0,
          targetPercent: 100,
          startsOn: today,
          deadlineOn: today,
          acceptOnline: true,
          acceptInPerson: true,
          positions: Object.entries(DEFAULT_POSITION_TRACKS).map(([position, track]) => ({ position, track })),
        }}
      />
    </section>
  );
}

export const meta: MetaFunction = () => pageMeta("Tạo chiến dịch", "Tạo chiến dịch tập huấn mới: đơn vị, chức danh, chỉ tiêu phần trăm và thời hạn.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
