import { IdField } from "~/utils/ids";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { scopesOf } from "~/auth/permissions";
import { notFound, requirePermission } from "~/auth/permissions.server";
import { CampaignForm } from "~/completion/campaign-form";
import { getCampaign, listOrganisingUnits, updateCampaign } from "~/completion/campaigns.server";
import { CampaignSchema } from "~/completion/schemas";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { invalidInput } from "~/forms/replies.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { readForm } from "~/utils/request.server";
import { pageMeta } from "~/utils/meta";

/** The campaign, if the user may manage its organising unit. */
async function requireCampaign(request: Request, params: { id?: string }) {
  const id = IdField.safeParse(params.id);
  if (!id.success) notFound("Không tìm thấy chiến dịch.");
  const campaign = await getCampaign(id.data);
  if (!campaign) notFound("Không tìm thấy chiến dịch.");
  const user = await requirePermission(request, "org.manage", campaign.organisingUnitId);
  return { user, campaign };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, campaign } = await requireCampaign(request, params);
  return { campaign, units: await listOrganisingUnits({ scopes: scopesOf(user, "org.manage") }) };
}

/** The page's one form; its replies come back under this name. */
const CAMPAIGN_FORM = "sua-chien-dich";

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, campaign } = await requireCampaign(request, params);
  const submission = parseWithZod(await readForm(request), { schema: CampaignSchema });
  if (submission.status !== "success") return invalidInput(CAMPAIGN_FORM, submission);
  await requirePermission(request, "org.manage", submission.value.organisingUnitId);
  await updateCampaign({ campaignId: campaign.id, value: submission.value, userId: user.id });
  return redirectWithFlash(request, `/bao-cao?chien-dich=${campaign.id}`, "Đã lưu chiến dịch.");
}

export default function EditCampaignPage() {
  const { campaign, units } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <section className="stack completion">
      <p>
        <Link to="/bao-cao/chien-dich">‹ Chiến dịch tập huấn</Link>
      </p>
      <h1>Sửa chiến dịch</h1>
      <CampaignForm intent={CAMPAIGN_FORM} reply={reply} units={units} submitLabel="Lưu" defaults={campaign} />
    </section>
  );
}

export const meta: MetaFunction = () => pageMeta("Sửa chiến dịch", "Sửa chỉ tiêu, thời hạn, chức danh và chương trình của một chiến dịch tập huấn.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
