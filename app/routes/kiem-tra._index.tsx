import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { requirePermission } from "~/auth/permissions.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "training.take");
  return null;
}

export default function Page() {
  return (
    <section>
      <h1>Kiểm tra</h1>
      <p>Tính năng đang được xây dựng.</p>
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "Kiểm tra · Bí thư chi bộ giỏi" }];
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
