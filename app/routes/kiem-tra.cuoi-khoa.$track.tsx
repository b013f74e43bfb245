import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requirePermission } from "~/auth/permissions.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { QuizIntro } from "~/quiz/quiz-intro";
import { getLearnerOverview, introOf, startFinalTest } from "~/quiz/quizzes.server";
import { respondToStart } from "~/quiz/start.server";
import { replyMessages } from "~/forms/intent-form";
import { pageMeta } from "~/utils/meta";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "training.take");
  const { finalTests } = await getLearnerOverview({ userId: user.id, personId: user.personId });
  const check = finalTests.find((m) => m.track === params.track);
  if (!check) notFound("Không tìm thấy bài kiểm tra cuối khóa này.");
  return introOf(check);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "training.take");
  return respondToStart(request, await startFinalTest({ userId: user.id, personId: user.personId, track: params.track ?? "" }));
}

export default function FinalTestPage() {
  const intro = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return <QuizIntro {...intro} error={replyMessages(actionData, "start")?.join(" ")} />;
}

export const meta: MetaFunction = () => pageMeta("Kiểm tra cuối khóa", "Bắt đầu hoặc làm tiếp bài kiểm tra cuối khóa của chương trình tập huấn.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
