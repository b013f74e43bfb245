import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requirePermission } from "~/auth/permissions.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { QuizIntro } from "~/quiz/quiz-intro";
import { getLearnerOverview, introOf, startModuleCheck } from "~/quiz/quizzes.server";
import { respondToStart } from "~/quiz/start.server";
import { replyMessages } from "~/forms/intent-form";
import { pageMeta } from "~/utils/meta";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "training.take");
  const { moduleChecks } = await getLearnerOverview({ userId: user.id, personId: user.personId });
  const check = moduleChecks.find((m) => m.slug === params.slug);
  if (!check) notFound("Không tìm thấy bài kiểm tra bài học này.");
  return introOf(check);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "training.take");
  return respondToStart(request, await startModuleCheck({ userId: user.id, slug: params.slug ?? "" }));
}

export default function ModuleCheckPage() {
  const intro = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return <QuizIntro {...intro} error={replyMessages(actionData, "start")?.join(" ")} />;
}

export const meta: MetaFunction = () => pageMeta("Kiểm tra bài học", "Bắt đầu hoặc làm tiếp bài kiểm tra của chuyên đề.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
