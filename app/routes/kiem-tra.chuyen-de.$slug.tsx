import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requirePermission } from "~/auth/permissions.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { QuizIntro } from "~/quiz/quiz-intro";
import { getLearnerOverview, startModuleCheck } from "~/quiz/quizzes.server";
import { respondToStart } from "~/quiz/start.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "training.take");
  const { moduleChecks } = await getLearnerOverview({ userId: user.id, personId: user.personId });
  const check = moduleChecks.find((m) => m.slug === params.slug);
  if (!check) notFound("Không tìm thấy bài kiểm tra chuyên đề này.");
  return check;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "training.take");
  return respondToStart(await startModuleCheck({ userId: user.id, slug: params.slug ?? "" }));
}

export default function ModuleCheckPage() {
  const check = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <QuizIntro
      title={check.title.startsWith("Kiểm tra") ? check.title : `Kiểm tra chuyên đề: ${check.title}`}
      questions={check.questions}
      passPercent={check.passPercent}
      timeLimitMinutes={check.timeLimitMinutes}
      attemptsAllowed={check.attemptsAllowed}
      used={check.summary.used}
      bestPercent={check.summary.bestPercent}
      passed={check.summary.passed}
      openAttemptId={check.summary.openAttemptId}
      error={actionData?.error}
    />
  );
}

export const meta: MetaFunction = () => [{ title: "Kiểm tra chuyên đề · Bí thư chi bộ giỏi" }];
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
